// The seed's "the filter may block" paths (K237, K1504, K1788), the last fdrop under the kq token
// (K1949) and pfind (K296) are reached with a thread blocked there: by default through the model
// file's f_event and fo_close and pfind, whose tokens a thread outside the scenario may hold, and
// with config mfile_mpsafe=0 through the mplock. A probe invariant reports the first state in
// which some thread has given up its tokens at the seed line; with config outside_blocks=0 the
// same scenarios never get there (the default is what reaches them).
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/kq/kq_test_helpers.hpp"

namespace kmc::kq::testing {
namespace {

// `inner`, plus an invariant that fails as soon as a thread waits to run again after blocking at
// `seed` (a Block, or a contended token get).
class BlockedAtProbe final : public Program {
 public:
  BlockedAtProbe(const Program& inner, const char* seed) : inner_(inner), seed_(seed) {}
  [[nodiscard]] std::unique_ptr<ProgramInstance> instantiate(Execution& ex) const override {
    auto in = inner_.instantiate(ex);
    ex.add_invariant(
        "probe", [] { return true; },
        [&ex, seed = seed_]() -> std::optional<std::string> {
          for (ThreadId t = 0; t < ex.thread_count(); ++t) {
            const Execution::Thread& th = ex.thread(t);
            if (!th.pending || std::strcmp(th.pending->seed, seed) != 0) continue;
            if (th.pending->op == OpKind::Resume || th.resume_op)
              return std::string("blocked at ") + seed;
          }
          return std::nullopt;
        });
    return in;
  }
  [[nodiscard]] std::string name() const override { return inner_.name(); }

 private:
  const Program& inner_;
  const char* seed_;
};

// The text of scenarios/kq/STEM.scn, with `extra_config` ("key=value") applied.
std::string shipped(const std::string& stem, const std::string& extra_config) {
  std::ifstream in(std::string(KMC_SOURCE_DIR) + "/scenarios/kq/" + stem + ".scn");
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  EXPECT_FALSE(s.empty()) << stem;
  if (extra_config.empty()) return s;
  // A parameter the file sets already takes the new value; otherwise a config line is added.
  const std::string key = " " + extra_config.substr(0, extra_config.find('=') + 1);
  const auto line = s.find("\nconfig ");
  const auto at = line == std::string::npos ? line : s.find(key, line);
  if (at != std::string::npos && at < s.find('\n', line + 1)) {
    s.replace(at + 1, s.find_first_of(" \n", at + 1) - at - 1, extra_config);
  } else {
    const auto model = s.find("model kq\n");
    s.insert(model + std::strlen("model kq\n"), "config " + extra_config + "\n");
  }
  return s;
}

bool reaches_block_at(const std::string& stem, const char* seed, const std::string& config = "") {
  auto program = parse(shipped(stem, config));
  if (!program) return false;
  const BlockedAtProbe probe(*program, seed);
  const Outcome out = explore(probe, "dpor", program->execution_options({}));
  for (const Counterexample& c : out.result.counterexamples)
    if (c.violation.message == std::string("probe: blocked at ") + seed) return true;  // name: msg
  return false;
}

struct Point {
  const char* scenario;
  const char* seed;
};

class KqBlockingPoint : public ::testing::TestWithParam<Point> {};

TEST_P(KqBlockingPoint, ReachedOnlyWithOutsideHolders) {
  const Point p = GetParam();
  EXPECT_TRUE(reaches_block_at(p.scenario, p.seed)) << p.scenario << " never blocks at " << p.seed;
  EXPECT_FALSE(reaches_block_at(p.scenario, p.seed, "outside_blocks=0"))
      << p.scenario << " blocks at " << p.seed << " without outside holders";
}

INSTANTIATE_TEST_SUITE_P(Shipped, KqBlockingPoint,
                         ::testing::Values(Point{"scan_filter_blocks", "K1504"},
                                           Point{"scan_filter_blocks", "K237"},
                                           Point{"knote_filter_blocks_close", "K1788"},
                                           Point{"register_close_lastfput", "K1949"},
                                           Point{"proc_exit", "K296"}),
                         [](const ::testing::TestParamInfo<Point>& info) {
                           return std::string(info.param.scenario) + "_" + info.param.seed;
                         });

// With the model file's ops under the mplock, the filter blocks on the mplock itself (K1714),
// whether or not anything outside the scenario holds a token.
TEST(KqBlockingPoint, MplockBlocksTheFilter) {
  EXPECT_TRUE(reaches_block_at("mplock_scan_knote", "K1714", "outside_blocks=0"));
}

}  // namespace
}  // namespace kmc::kq::testing
