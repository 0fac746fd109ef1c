// The formats CI systems read (issue 15): JUnit XML and SARIF 2.1.0 from `kmc test` and `kmc
// run`, each checked by a real validator (xmllint; the SARIF schema in tests/schemas/ with
// python3-jsonschema), the JSON result against docs/result.schema.json, and `kmc --version`.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <regex>

#include "tests/cli/cli_scenarios.hpp"
#include "tests/cli/kmc_process.hpp"

namespace kmc::testing {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// Runs scripts/validate-json.py SCHEMA DOC; its output (each error with its path) on failure.
std::string validate(const std::string& schema, const std::filesystem::path& doc) {
  const std::filesystem::path log = doc.string() + ".validation";
  const std::string cmd = "/usr/bin/python3 " KMC_SOURCE_DIR
                          "/scripts/validate-json.py " KMC_SOURCE_DIR "/" +
                          schema + " '" + doc.string() + "' > '" + log.string() + "' 2>&1";
  const int rc = std::system(cmd.c_str());
  return rc == 0 ? "" : "exit " + std::to_string(rc) + ": " + read_file(log);
}

// kmc test over a pass, an expected violation and an unexpected one, with every output.
struct Outputs {
  KmcOutput run;
  std::filesystem::path junit, sarif, json;
};

Outputs test_with_every_output(const std::string& name) {
  const auto dir = fresh_dir(name);
  write_file(dir / "in" / "p.scn", kPassScenario);
  write_file(dir / "in" / "v.scn", kViolationScenario);
  std::string w = kViolationScenario;
  w.replace(w.find("expect violation"), std::string::npos, "expect pass\n");
  write_file(dir / "in" / "w.scn", w);
  Outputs o{{}, dir / "junit.xml", dir / "kmc.sarif", dir / "all.json"};
  o.run = run_kmc({"test", (dir / "in").string(), "--junit", o.junit.string(), "--sarif",
                   o.sarif.string(), "--json", o.json.string()});
  return o;
}

TEST(CliCiFormats, JunitHasOneCasePerScenarioAndTheReplayInTheFailure) {
  const Outputs o = test_with_every_output("ci_junit");
  EXPECT_EQ(o.run.code, 1) << o.run.err;
  const std::string xml = read_file(o.junit);
  const std::string lint = "xmllint --noout '" + o.junit.string() + "'";
  EXPECT_EQ(std::system(lint.c_str()), 0) << xml;
  EXPECT_EQ(occurrences(xml, "<testcase "), 3u) << xml;
  EXPECT_EQ(occurrences(xml, "<failure "), 1u) << xml;
  EXPECT_TRUE(has(xml, "tests=\"3\" failures=\"1\" errors=\"0\"")) << xml;
  EXPECT_TRUE(has(xml, "name=\"fd/w\" classname=\"kmc.fd\"")) << xml;
  EXPECT_TRUE(has(xml, "expected pass, got violation")) << xml;
  EXPECT_TRUE(has(xml, "w.scn --replay K2.")) << xml;
}

TEST(CliCiFormats, SarifIsValidAgainstTheSchemaWithOneResultPerViolation) {
  const Outputs o = test_with_every_output("ci_sarif");
  EXPECT_EQ(o.run.code, 1) << o.run.err;
  EXPECT_EQ(validate("tests/schemas/sarif-2.1.0-rtm.5.json", o.sarif), "");
  const nlohmann::json log = nlohmann::json::parse(read_file(o.sarif));
  const nlohmann::json all = nlohmann::json::parse(read_file(o.json));
  std::size_t violations = 0;
  for (const nlohmann::json& r : all.at("results")) violations += r.at("violations").size();
  ASSERT_GT(violations, 0u);
  EXPECT_EQ(log.at("version"), "2.1.0");
  const nlohmann::json& results = log.at("runs").at(0).at("results");
  ASSERT_EQ(results.size(), violations);
  std::size_t errors = 0;
  std::size_t with_seed = 0;
  for (const nlohmann::json& r : results) {
    errors += r.at("level") == "error" ? 1 : 0;
    // The model line, then the seed line when the violating event cites one (a data race at an
    // RCU callback may not).
    const nlohmann::json& locs = r.at("locations");
    ASSERT_GE(locs.size(), 1u) << r.dump(2);
    EXPECT_EQ(locs[0].at("physicalLocation").at("artifactLocation").at("uriBaseId"), "SRCROOT");
    EXPECT_EQ(locs[0]["physicalLocation"]["artifactLocation"]["uri"].get<std::string>().rfind(
                  "model/fd/", 0),
              0u);
    if (locs.size() == 2) {
      ++with_seed;
      EXPECT_EQ(locs[1].at("physicalLocation").at("artifactLocation").at("uri"), "linux/fs/file.c");
      EXPECT_EQ(locs[1].at("physicalLocation").at("artifactLocation").at("uriBaseId"), "SEED");
    }
    EXPECT_FALSE(r.at("codeFlows").at(0).at("threadFlows").at(0).at("locations").empty());
    EXPECT_TRUE(has(r.at("message").at("text"), "--replay K2.")) << r.dump();
  }
  EXPECT_GT(with_seed, 0u);
  // w's violations were not expected; v's were (notes).
  EXPECT_EQ(errors, all.at("results").at(2).at("violations").size());
}

TEST(CliCiFormats, JsonMatchesTheResultSchemaForRunAndTest) {
  const Outputs o = test_with_every_output("ci_schema");
  EXPECT_EQ(validate("docs/result.schema.json", o.json), "");
  const auto dir = fresh_dir("ci_schema_run");
  const std::string v = write_file(dir / "v.scn", kViolationScenario);
  const KmcOutput r = run_kmc({"run", v, "--json", (dir / "one.json").string(), "--junit",
                               (dir / "j.xml").string(), "--sarif", (dir / "s.sarif").string()});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(validate("docs/result.schema.json", dir / "one.json"), "");
  EXPECT_EQ(validate("tests/schemas/sarif-2.1.0-rtm.5.json", dir / "s.sarif"), "");
  // Under run a violation is the failure (its exit status says so), whatever the file expects.
  EXPECT_EQ(occurrences(read_file(dir / "j.xml"), "<failure "), 1u);
}

TEST(CliCiFormats, VersionNamesTheCommit) {
  const KmcOutput r = run_kmc({"--version"});
  EXPECT_EQ(r.code, 0);
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex(R"(^kmc [0-9]+\.[0-9]+ \(commit ([0-9a-f]{12}(-dirty)?|unknown)\)\n$)")))
      << r.out;
  const auto dir = fresh_dir("ci_version");
  const std::string p = write_file(dir / "p.scn", kPassScenario);
  const nlohmann::json j = nlohmann::json::parse(run_kmc({"run", p, "--json", "-"}).out);
  EXPECT_TRUE(has(r.out, j.at("tool").at("commit").get<std::string>())) << j.dump();
}

}  // namespace
}  // namespace kmc::testing
