// Command-line hygiene (issue 15): a mistyped verb is exit 2 with the verb it is nearest to,
// `kmc help VERB` shows that verb's help, and `kmc list` into a pipe cuts no name.
#include <gtest/gtest.h>

#include "tests/cli/kmc_process.hpp"

namespace kmc::testing {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CliHygiene, MistypedVerbIsUsageErrorWithDidYouMean) {
  const KmcOutput r = run_kmc({"verfy", "--model", "fd"});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "unknown verb 'verfy' (did you mean 'verify'?)")) << r.err;
  const KmcOutput far = run_kmc({"frobnicate"});
  EXPECT_EQ(far.code, 2);
  EXPECT_TRUE(has(far.err, "unknown verb 'frobnicate'; the verbs: run")) << far.err;
}

TEST(CliHygiene, HelpVerbShowsThatVerbsHelp) {
  for (const char* verb : {"run", "test", "list", "fuzz", "verify", "bench", "replay"}) {
    const KmcOutput help = run_kmc({"help", verb});
    EXPECT_EQ(help.code, 0) << verb;
    EXPECT_TRUE(has(help.out, std::string("Usage: kmc ") + verb)) << help.out;
    EXPECT_EQ(help.out, run_kmc({verb, "--help"}).out) << verb;
  }
  EXPECT_EQ(run_kmc({"help"}).code, 0);
  EXPECT_EQ(run_kmc({"help", "nosuch"}).code, 2);
}

TEST(CliHygiene, ListIntoAPipeCutsNothing) {
  const KmcOutput r = run_kmc({"list", "scenarios/fd"});
  ASSERT_EQ(r.code, 0) << r.err;
  // Long descriptions end whole: no cell cut to its column with a trailing '~'.
  EXPECT_FALSE(has(r.out, "~\n")) << r.out;
  EXPECT_TRUE(has(r.out, "scenarios/fd/fget_raw_light_foreign_close-light-noshortcut.scn "))
      << r.out;
}

}  // namespace
}  // namespace kmc::testing
