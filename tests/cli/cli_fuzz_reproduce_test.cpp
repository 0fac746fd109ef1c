// `kmc fuzz` prints a RapidCheck reproduce command with every flag that shaped the run (issue
// 15): run as printed it finds the same violation, and --json records the same command.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/kmc_process.hpp"

namespace kmc::testing {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CliFuzzReproduce, PrintedCommandCarriesEveryShapingFlagAndReproduces) {
  const auto dir = fresh_dir("fuzz_reproduce");
  const KmcOutput r = run_kmc({"fuzz", "--model", "sem", "--variant", "M-SEM-nowaiters",
                               "--threads", "2", "--ops", "2", "--runs", "200", "--out",
                               (dir / "a").string(), "-q", "--json", (dir / "a.json").string()});
  ASSERT_EQ(r.code, 1) << r.out << r.err;
  const std::string key = "RapidCheck: ";
  const std::size_t at = r.out.find(key);
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string command = r.out.substr(at + key.size(), r.out.find('\n', at) - at - key.size());
  for (const char* flag : {"--variant M-SEM-nowaiters", "--threads 2", "--ops 2", "--seed 1",
                           "--model sem", "--reproduce "})
    EXPECT_TRUE(has(command, flag)) << command;
  EXPECT_FALSE(has(command, "--runs")) << "the budget does not shape a reproduction";
  const nlohmann::json j = nlohmann::json::parse(read_file(dir / "a.json"));
  EXPECT_EQ(j.at("find").at("reproduce"), command);
  EXPECT_EQ(j.at("schema_version"), 3);
  const std::string kind = j.at("find").at("kind");
  // As printed (the shell undoes the quoting of the reproduce string), into another folder.
  const KmcOutput again =
      run_program({"/bin/sh", "-c", command + " -q --out '" + (dir / "b").string() + "'"});
  EXPECT_EQ(again.code, 1) << again.out << again.err;
  EXPECT_TRUE(has(again.out, "VIOLATION " + kind)) << again.out;
}

}  // namespace
}  // namespace kmc::testing
