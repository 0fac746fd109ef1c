// GoogleTest assertions over kmc::check. A failure prints the counterexample (per-thread trace,
// violation, replay token); setting KMC_REPLAY=TOKEN in the environment makes every check in the
// test replay that one execution instead of exploring, to debug it (step through it, add prints).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <string>
#include <utility>

#include "kmc/kmc.hpp"

namespace kmc::gtest {

// `options`, replaying the token in the environment variable KMC_REPLAY when it is set.
[[nodiscard]] inline Options with_environment(Options options) {
  const char* token = std::getenv("KMC_REPLAY");
  if (token != nullptr && *token != '\0') options.replay = token;
  return options;
}

// Success when kmc::check finds no violation in `model` (`what` is the model's source text).
[[nodiscard]] inline ::testing::AssertionResult no_violation(const char* what,
                                                             const Options& options,
                                                             std::function<void()> model) {
  try {
    const Result r = check(with_environment(options), std::move(model));
    if (r.ok()) return ::testing::AssertionSuccess() << r.verdict();
    return ::testing::AssertionFailure() << "kmc found a violation in " << what << "\n" << r.text();
  } catch (const UsageError& e) {
    return ::testing::AssertionFailure() << e.what();
  }
}

// Success when kmc::check finds a violation of `kind` in `model`; the failure message shows what
// it found instead (other violations, or the summary of a clean run).
[[nodiscard]] inline ::testing::AssertionResult violation(ViolationKind kind, const char* what,
                                                          const Options& options,
                                                          std::function<void()> model) {
  try {
    const Result r = check(with_environment(options), std::move(model));
    if (r.find(kind) != nullptr) return ::testing::AssertionSuccess() << r.text();
    return ::testing::AssertionFailure()
           << "kmc found no " << to_string(kind) << " violation in " << what << "\n"
           << r.text();
  } catch (const UsageError& e) {
    return ::testing::AssertionFailure() << e.what();
  }
}

}  // namespace kmc::gtest

// EXPECT that kmc::check(options, model) finds no violation; the model may contain commas.
#define KMC_EXPECT_NO_VIOLATION(options, ...) \
  EXPECT_TRUE(::kmc::gtest::no_violation(#__VA_ARGS__, (options), __VA_ARGS__))
// ASSERT_ form of KMC_EXPECT_NO_VIOLATION.
#define KMC_ASSERT_NO_VIOLATION(options, ...) \
  ASSERT_TRUE(::kmc::gtest::no_violation(#__VA_ARGS__, (options), __VA_ARGS__))
// EXPECT that kmc::check(options, model) finds a violation of `kind` (a kmc::ViolationKind).
#define KMC_EXPECT_VIOLATION(kind, options, ...) \
  EXPECT_TRUE(::kmc::gtest::violation((kind), #__VA_ARGS__, (options), __VA_ARGS__))
// ASSERT_ form of KMC_EXPECT_VIOLATION.
#define KMC_ASSERT_VIOLATION(kind, options, ...) \
  ASSERT_TRUE(::kmc::gtest::violation((kind), #__VA_ARGS__, (options), __VA_ARGS__))
