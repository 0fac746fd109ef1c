// Arguments the models' descriptors bound (ArgSpec::in_range) are checked at parse time, quoted
// words follow one rule, and load_scenario refuses what is not a regular file without reading it.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <limits>

#include "model/scenario/parser.hpp"

namespace kmc::scenario {
namespace {

std::string first_error(const ParseResult& r) {
  return r.errors.empty() ? std::string("(no error)") : r.errors[0].format();
}

TEST(ScenarioParserRanges, ModelFileIndexIsCheckedAgainstNmfiles) {
  for (const char* model : {"kq", "cross"}) {
    const std::string head = std::string("model ") + model + "\nsetup\n  ";
    ParseResult r = parse_scenario(head + "mfile_open 99 -> f\nexpect pass\n", "k.scn");
    EXPECT_FALSE(r.scenario);
    EXPECT_EQ(first_error(r),
              "k.scn:3:14: error: argument 'obj' of 'mfile_open': 99 is out of range [0, 1] "
              "(nmfiles=2; raise it with 'config nmfiles=N')");
    r = parse_scenario(head + "mfile_open -1 -> f\nexpect pass\n", "k.scn");
    EXPECT_EQ(first_error(r),
              "k.scn:3:14: error: argument 'obj' of 'mfile_open': -1 is out of range [0, "
              "nmfiles-1]");
    r = parse_scenario(head + "set_readable 2 1\nexpect pass\n", "k.scn");
    EXPECT_NE(first_error(r).find("k.scn:3:16: error: argument 'obj' of 'set_readable'"),
              std::string::npos)
        << first_error(r);
    r = parse_scenario(head + "mfile_assume 0 7\nexpect pass\n", "k.scn");
    EXPECT_NE(first_error(r).find("k.scn:3:18: error: argument 'dst' of 'mfile_assume'"),
              std::string::npos)
        << first_error(r);
    // The bound is the configuration's, wherever its line is.
    r = parse_scenario(head + "mfile_open 7 -> f\nconfig nmfiles=8\nexpect pass\n", "k.scn");
    EXPECT_TRUE(r.scenario) << first_error(r);
    r = parse_scenario(head + "mfile_open 1 -> f\nconfig nmfiles=1\nexpect pass\n", "k.scn");
    EXPECT_NE(first_error(r).find("out of range [0, 0] (nmfiles=1"), std::string::npos)
        << first_error(r);
  }
}

TEST(ScenarioParserRanges, FixedRanges) {
  ParseResult r = parse_scenario("model kq\nsetup\n  signal 1 0\nexpect pass\n", "s.scn");
  EXPECT_EQ(first_error(r),
            "s.scn:3:12: error: argument 'sig' of 'signal': 0 is out of range [1, 255]");
  r = parse_scenario("model fd\nsetup\n  open -> a\n  set_cloexec a 2\nexpect pass\n", "f.scn");
  EXPECT_EQ(first_error(r),
            "f.scn:4:17: error: argument 'flag' of 'set_cloexec': 2 is out of range [0, 1]");
  r = parse_scenario("model fd\nsetup\n  open -> a\n  set_cloexec a 1\nexpect pass\n", "f.scn");
  EXPECT_TRUE(r.scenario) << first_error(r);
}

// Every bounded argument of every model refuses the value just below and just above its range,
// at its own column: the check is the descriptor's, not a list of operations.
TEST(ScenarioParserRanges, EveryBoundedArgumentOfEveryModel) {
  int checked = 0;
  for (const model::ModelDescriptor* m : model::all_models()) {
    for (const model::OpSpec& op : m->ops) {
      for (std::size_t k = 0; k < op.args.size(); ++k) {
        const model::ArgSpec& a = op.args[k];
        const Value lowest = std::numeric_limits<Value>::min();
        if (a.min == lowest && a.max == std::numeric_limits<Value>::max() && a.below_param.empty())
          continue;
        std::string line = op.name;
        for (std::size_t j = 0; j < k; ++j) {
          const model::ArgSpec& b = op.args[j];
          line += b.kind == model::ArgKind::Name
                      ? " /s1"
                      : " " + std::to_string(b.min == lowest ? 0 : b.min);
        }
        const int col = static_cast<int>(line.size()) + 4;  // two spaces of indent, one before
        const Value bad = a.min != lowest ? a.min - 1 : m->params.empty() ? 0 : 1000000;
        const std::string text = "model " + m->name + "\nsetup\n  " + line + " " +
                                 std::to_string(bad) + "\nexpect pass\n";
        const ParseResult r = parse_scenario(text, "e.scn");
        EXPECT_FALSE(r.scenario) << text;
        EXPECT_EQ(first_error(r).rfind("e.scn:3:" + std::to_string(col) + ": error: argument '" +
                                           a.name + "' of '" + op.name + "'",
                                       0),
                  0u)
            << text << first_error(r);
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 10);
}

TEST(ScenarioParserQuotes, NamesOnly) {
  ParseResult r =
      parse_scenario("model sem\nsetup\n  open \"/s1\" O_CREAT\nexpect pass\n", "q.scn");
  EXPECT_TRUE(r.scenario) << first_error(r);
  r = parse_scenario("model \"fd\"\nsetup\n  open\nexpect pass\n", "q.scn");
  EXPECT_EQ(first_error(r),
            "q.scn:1:7: error: unexpected quoted string \"fd\": quotes are only for Name "
            "arguments (such as semaphore names); write 'fd' without quotes");
  EXPECT_EQ(r.errors.size(), 1u);
  r = parse_scenario("model fd\nsetup\n  open\nexpect violation \"leak\"\n", "q.scn");
  EXPECT_EQ(first_error(r),
            "q.scn:4:18: error: unexpected quoted string \"leak\": quotes are only for Name "
            "arguments (such as semaphore names); write 'leak' without quotes");
  EXPECT_EQ(r.errors.size(), 1u);
}

TEST(ScenarioLoad, RefusesWhatIsNotARegularFile) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "kmc_scenario_load";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string fifo = (dir / "pipe.scn").string();
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  for (const auto& [path, type] :
       std::vector<std::pair<std::string, std::string>>{{"/dev/zero", "a character device"},
                                                        {"/dev/urandom", "a character device"},
                                                        {fifo, "a FIFO"}}) {
    const ParseResult r = load_scenario(path);
    EXPECT_FALSE(r.scenario);
    EXPECT_EQ(first_error(r), path + ": error: not a regular file (" + type +
                                  "): scenarios are read from regular files");
  }
  EXPECT_EQ(first_error(load_scenario(dir)), dir.string() +
                                                 ": error: is a directory, not a "
                                                 "scenario file");
  const auto big = dir / "big.scn";
  std::ofstream(big) << std::string(kMaxScenarioBytes + 1, '#');
  EXPECT_NE(first_error(load_scenario(big)).find("file too large"), std::string::npos);
  const auto ok = dir / "ok.scn";
  std::ofstream(ok) << "model fd\nsetup\n  open\nexpect pass\n";
  EXPECT_TRUE(load_scenario(ok).scenario);
}

}  // namespace
}  // namespace kmc::scenario
