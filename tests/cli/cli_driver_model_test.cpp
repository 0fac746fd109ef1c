// kmc::main over a driver's own model registered with its descriptor alone (the ranged test
// model): `kmc fuzz` and `kmc verify` accept it, through the generic rules and catalogue, and find
// its lost update (exit 1); a ModelEntry's own catalogue is what `kmc verify` then runs.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "kmc/main.hpp"
#include "tests/ranged_model.hpp"

namespace kmc {
namespace {

using kmc::testing::ranged_model;

// Runs kmc::main on `args` with `models`, its stdout captured into `out`.
int run_driver(std::vector<std::string> args, std::vector<ModelEntry> models, std::string& out) {
  args.insert(args.begin(), "kmc");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::testing::internal::CaptureStdout();
  const int status = kmc::main(static_cast<int>(args.size()), argv.data(), std::move(models));
  out = ::testing::internal::GetCapturedStdout();
  return status;
}

TEST(CliDriverModel, FuzzFindsTheLostUpdateOfAModelWithoutRules) {
  const std::string dir = (std::filesystem::path(KMC_BINARY_DIR) / "driver-model-fuzz").string();
  std::string out;
  const int status =
      run_driver({"fuzz", "--model", "ranged", "--runs", "300", "--seed", "3", "--out", dir},
                 {&ranged_model()}, out);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("lost update"), std::string::npos) << out;
}

TEST(CliDriverModel, VerifyFindsTheLostUpdateOfAModelWithoutCatalogue) {
  std::string out;
  const int status =
      run_driver({"verify", "--model", "ranged", "--jobs", "1"}, {&ranged_model()}, out);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("racy_add"), std::string::npos) << out;
}

TEST(CliDriverModel, VerifyRunsTheCatalogueAnEntryGives) {
  // Only `get` and `put`: the locked cells have no violation to find.
  const verify::CatalogueFactory locked = [] {
    verify::Catalogue c = verify::generic_catalogue(ranged_model());
    c.actions.resize(2);
    return c;
  };
  std::string out;
  const int status = run_driver({"verify", "--model", "ranged", "--list"},
                                {ModelEntry(&ranged_model(), locked)}, out);
  EXPECT_EQ(status, 0) << out;
  EXPECT_EQ(out.find("racy_add"), std::string::npos) << out;
  EXPECT_NE(out.find("put"), std::string::npos) << out;
}

}  // namespace
}  // namespace kmc
