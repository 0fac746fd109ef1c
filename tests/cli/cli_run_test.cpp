// kmc run / replay: verdicts and exit codes, the printed counterexample, the replay round trip
// from the command line, and the JSON result's fields and types.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "tests/cli/cli_scenarios.hpp"
#include "tests/cli/kmc_process.hpp"

namespace kmc::testing {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string token_in(const std::string& out) {
  const std::string key = "replay token: ";
  const std::size_t at = out.find(key);
  if (at == std::string::npos) return "";
  return out.substr(at + key.size(), out.find('\n', at) - at - key.size());
}

// The one result of `kmc run ONE-SCENARIO --json`: always an object with a `results` array (schema
// version 2), stamped with the schema version and the tool.
nlohmann::json only_result(const std::string& text) {
  const nlohmann::json doc = nlohmann::json::parse(text);
  EXPECT_EQ(doc.at("schema_version"), 3);
  EXPECT_EQ(doc.at("tool").at("name"), "kmc");
  EXPECT_EQ(doc.at("results").size(), 1u) << text;
  return doc.at("results").at(0);
}

void expect_result_fields(const nlohmann::json& j) {
  ASSERT_TRUE(j.is_object()) << j.dump();
  EXPECT_TRUE(j.at("scenario").is_string());
  EXPECT_TRUE(j.at("file").is_string());
  EXPECT_TRUE(j.at("model").is_string());
  EXPECT_TRUE(j.at("strategy").is_string());
  EXPECT_TRUE(j.at("verdict") == "pass" || j.at("verdict") == "violation" ||
              j.at("verdict") == "incomplete")
      << j.at("verdict");
  EXPECT_EQ(j.at("verdict") == "incomplete", !j.at("complete").get<bool>() &&
                                                 j.at("violations").empty() &&
                                                 j.at("strategy") != "replay");
  EXPECT_TRUE(j.at("anomalies").at("dpor_fallback_branches").is_number_unsigned());
  EXPECT_TRUE(j.at("executions").is_number_unsigned());
  EXPECT_TRUE(j.at("complete").is_boolean());
  EXPECT_TRUE(j.at("interrupted").is_boolean());
  EXPECT_TRUE(j.at("stop_reason").is_string());
  EXPECT_TRUE(j.at("blocked").is_number_unsigned());
  EXPECT_TRUE(j.at("events").is_number_unsigned());
  EXPECT_TRUE(j.at("elapsed_s").is_number());
  ASSERT_TRUE(j.at("violations").is_array());
  EXPECT_EQ(j.at("verdict") == "violation", !j.at("violations").empty());
  const std::set<std::string> kinds = {
      "use-after-free", "double-free", "leak",        "refcount", "unlock-not-owner",
      "lock-order",     "deadlock",    "lost-wakeup", "livelock", "sleep-in-atomic",
      "data-race",      "assertion",   "invariant"};
  for (const nlohmann::json& v : j.at("violations")) {
    EXPECT_TRUE(kinds.count(v.at("kind").get<std::string>())) << v.at("kind");
    EXPECT_TRUE(v.at("message").is_string());
    EXPECT_EQ(v.at("replay").get<std::string>().rfind("K2.", 0), 0u);
    EXPECT_TRUE(v.at("execution").is_number_unsigned());
    EXPECT_TRUE(v.at("thread").is_string());
    EXPECT_TRUE(v.at("event").is_number_integer());
    EXPECT_TRUE(v.at("seed").is_string());
    EXPECT_TRUE(v.at("file").is_string());
    EXPECT_TRUE(v.at("line").is_number_unsigned());
    EXPECT_TRUE(v.at("related").is_array());
    EXPECT_TRUE(v.at("threads").is_array());
    EXPECT_TRUE(v.at("operations").is_array());
    ASSERT_TRUE(v.at("trace").is_array());
    ASSERT_FALSE(v.at("trace").empty());
    for (const nlohmann::json& e : v.at("trace")) {
      EXPECT_TRUE(e.at("index").is_number_unsigned());
      EXPECT_TRUE(e.at("thread").is_string());
      EXPECT_TRUE(e.at("thread_id").is_number_unsigned());
      EXPECT_TRUE(e.at("op").is_string());
      EXPECT_TRUE(e.at("object").is_string());
      EXPECT_TRUE(e.at("seed").is_string());
      EXPECT_TRUE(e.at("file").is_string());
      EXPECT_TRUE(e.at("line").is_number_unsigned());
      EXPECT_TRUE(e.at("value").is_number_integer());
    }
    for (const nlohmann::json& o : v.at("operations")) {
      EXPECT_TRUE(o.at("thread").is_string());
      EXPECT_TRUE(o.at("text").is_string());
      EXPECT_TRUE(o.at("returned").is_boolean());
    }
  }
}

TEST(CliRun, PassExitsZero) {
  const std::string f = write_file(fresh_dir("pass") / "p.scn", kPassScenario);
  const KmcOutput r = run_kmc({"run", f});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "pass: all invariants hold")) << r.out;
  EXPECT_TRUE(has(r.out, "complete")) << r.out;
}

TEST(CliRun, ViolationPrintsTraceViolationAndReplayCommand) {
  const std::string f = write_file(fresh_dir("violation") / "v.scn", kViolationScenario);
  const KmcOutput r = run_kmc({"run", f});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "VIOLATION ")) << r.out;
  EXPECT_TRUE(has(r.out, "setup")) << r.out;       // a column per thread
  EXPECT_TRUE(has(r.out, "[dup3 a 5]")) << r.out;  // the scenario's operations
  EXPECT_TRUE(has(r.out, "model/fd/")) << r.out;   // model source lines
  const std::string token = token_in(r.out);
  ASSERT_FALSE(token.empty()) << r.out;
  EXPECT_TRUE(has(r.out, "replay with:  " KMC_BINARY_DIR "/kmc run " + f + " --replay " + token))
      << r.out;
}

// Under --memory-model rc11 the printed replay command says so, and replaying the token with
// it gives the same violation (the token holds the rc11 loads' choices too).
TEST(CliRun, Rc11ReplayCommandNamesTheMemoryModel) {
  const std::string f = write_file(fresh_dir("rc11") / "v.scn", kViolationScenario);
  const KmcOutput r = run_kmc({"run", f, "--memory-model", "rc11"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  const std::string token = token_in(r.out);
  ASSERT_FALSE(token.empty()) << r.out;
  EXPECT_TRUE(has(r.out, " --memory-model rc11 --replay " + token)) << r.out;
  const KmcOutput again = run_kmc({"replay", f, token, "--memory-model", "rc11"});
  EXPECT_EQ(again.code, 1) << again.out << again.err;
}

TEST(CliRun, ReplayRoundTripGivesTheSameVerdictAndTrace) {
  const std::string f = write_file(fresh_dir("roundtrip") / "v.scn", kViolationScenario);
  const KmcOutput first = run_kmc({"run", f, "--json", "-"});
  ASSERT_EQ(first.code, 1) << first.err;
  const nlohmann::json a = only_result(first.out);
  const std::string token = a.at("violations").at(0).at("replay");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"run", f, "--replay", token, "--json", "-"},
        std::vector<std::string>{"replay", f, token, "--json", "-"}}) {
    const KmcOutput again = run_kmc(args);
    ASSERT_EQ(again.code, 1) << again.err;
    const nlohmann::json b = only_result(again.out);
    EXPECT_EQ(b.at("strategy"), "replay");
    EXPECT_EQ(b.at("executions"), 1u);
    ASSERT_EQ(b.at("violations").size(), 1u);
    const nlohmann::json& va = a.at("violations").at(0);
    const nlohmann::json& vb = b.at("violations").at(0);
    EXPECT_EQ(vb.at("kind"), va.at("kind"));
    EXPECT_EQ(vb.at("message"), va.at("message"));
    EXPECT_EQ(vb.at("replay"), token);
    EXPECT_EQ(vb.at("trace"), va.at("trace"));
    EXPECT_EQ(vb.at("operations"), va.at("operations"));
  }
  // The text report of the replay shows the same trace as the first run's.
  const KmcOutput text1 = run_kmc({"run", f});
  const KmcOutput text2 = run_kmc({"run", f, "--replay", token});
  const auto trace_of = [](const std::string& out) {
    return out.substr(out.find("\n#"), out.find("found in execution") - out.find("\n#"));
  };
  EXPECT_EQ(trace_of(text1.out), trace_of(text2.out));
}

TEST(CliRun, ReplayOfAPassingExecutionPrintsIt) {
  const auto dir = fresh_dir("replaypass");
  const std::string v = write_file(dir / "v.scn", kViolationScenario);
  const std::string p = write_file(dir / "p.scn", kPassScenario);
  const std::string token = token_in(run_kmc({"run", v}).out);
  ASSERT_FALSE(token.empty());
  // Without the variant the same schedule runs to the end without a violation.
  const KmcOutput r = run_kmc({"run", p, "--replay", token});
  if (r.code == 2) {
    EXPECT_TRUE(has(r.err, "does not fit")) << r.err;  // the schedules diverged: also fine
    return;
  }
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "replayed execution (no violation)")) << r.out;
}

TEST(CliRun, JsonFieldsArePresentAndTyped) {
  const auto dir = fresh_dir("json");
  const std::string p = write_file(dir / "p.scn", kPassScenario);
  const std::string v = write_file(dir / "v.scn", kViolationScenario);
  KmcOutput r = run_kmc({"run", p, "--json", "-"});
  ASSERT_EQ(r.code, 0);
  expect_result_fields(only_result(r.out));
  r = run_kmc({"run", v, "--keep-going", "--json", (dir / "out.json").string()});
  ASSERT_EQ(r.code, 1);
  const nlohmann::json j = only_result(read_file(dir / "out.json"));
  expect_result_fields(j);
  std::set<std::string> kinds;
  for (const auto& x : j.at("violations")) kinds.insert(x.at("kind"));
  EXPECT_EQ(kinds, (std::set<std::string>{"data-race", "refcount", "use-after-free"}));
  EXPECT_TRUE(j.at("complete").get<bool>());
  // Several scenarios: the same object, its results in the order given.
  r = run_kmc({"run", p, v, "--json", "-"});
  EXPECT_EQ(r.code, 1);
  const nlohmann::json both = nlohmann::json::parse(r.out).at("results");
  ASSERT_TRUE(both.is_array());
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0].at("verdict"), "pass");
  EXPECT_EQ(both[1].at("verdict"), "violation");
}

TEST(CliRun, ParallelJobsGiveTheSameResults) {
  const auto dir = fresh_dir("jobs");
  const std::string p = write_file(dir / "p.scn", kPassScenario);
  const std::string v = write_file(dir / "v.scn", kViolationScenario);
  const KmcOutput one = run_kmc({"run", p, v, p, "--json", "-"});
  const KmcOutput two = run_kmc({"run", p, v, p, "--jobs", "2", "--json", "-"});
  ASSERT_EQ(one.code, 1);
  ASSERT_EQ(two.code, 1);
  nlohmann::json a = nlohmann::json::parse(one.out);
  nlohmann::json b = nlohmann::json::parse(two.out);
  for (auto* j : {&a, &b})
    for (auto& r : j->at("results")) r.erase("elapsed_s");
  EXPECT_EQ(a, b);
}

TEST(CliRun, ExecutionLimitGivesIncompleteAndExitFour) {
  const std::string f = write_file(fresh_dir("limits") / "p.scn", kPassScenario);
  const KmcOutput r = run_kmc({"run", f, "--executions", "1", "--json", "-"});
  EXPECT_EQ(r.code, 4) << r.err;
  EXPECT_TRUE(has(r.err,
                  "incomplete: no violation in the 1 execution explored; stopped by execution "
                  "limit of 1"))
      << r.err;
  EXPECT_FALSE(has(r.err, "pass")) << r.err;
  const nlohmann::json j = only_result(r.out);
  expect_result_fields(j);
  EXPECT_EQ(j.at("verdict"), "incomplete");
  EXPECT_EQ(j.at("interrupted"), true);
  EXPECT_EQ(j.at("complete"), false);
  EXPECT_EQ(j.at("stop_reason"), "execution limit of 1");
}

TEST(CliRun, IncompleteDfsRunSaysAboutHowManyRemain) {
  const std::string f = write_file(fresh_dir("remain") / "p.scn", kPassScenario);
  const KmcOutput r = run_kmc({"run", f, "--strategy", "dfs", "--executions", "2"});
  EXPECT_EQ(r.code, 4) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "explored; stopped by execution limit of 2; about ")) << r.out;
  EXPECT_TRUE(has(r.out, " remain (")) << r.out;
}

TEST(CliRun, SamplingStrategyIsNotAProof) {
  const std::string f = write_file(fresh_dir("sampling") / "p.scn", kPassScenario);
  const KmcOutput r = run_kmc({"run", f, "--strategy", "random", "--executions", "5"});
  EXPECT_EQ(r.code, 4) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "stopped by the random strategy's budget of 5 executions")) << r.out;
}

TEST(CliRun, ViolationFoundBeforeTheLimitIsStillAViolation) {
  const std::string f = write_file(fresh_dir("limitviolation") / "v.scn", kViolationScenario);
  const KmcOutput full = run_kmc({"run", f, "--json", "-"});
  ASSERT_EQ(full.code, 1);
  const auto found_in = only_result(full.out).at("violations").at(0).at("execution");
  const KmcOutput r = run_kmc(
      {"run", f, "--executions", std::to_string(found_in.get<std::uint64_t>()), "--json", "-"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(only_result(r.out).at("verdict"), "violation");
}

// A CI job killed by its timeout (SIGTERM) still leaves its evidence: the partial result, JSON
// and report, marked incomplete. dfs on timer_delete runs for minutes, so the signal always
// lands mid-run; only the final output is checked.
TEST(CliRun, SigtermWritesThePartialResultAsIncomplete) {
  const auto dir = fresh_dir("sigterm");
  const auto json = dir / "r.json";
  const KmcOutput r = run_kmc({"run", "scenarios/kq/timer_delete.scn", "--strategy", "dfs",
                               "--json", json.string(), "--report", (dir / "rep").string()},
                              /*signal_after_s=*/0.5, {SIGTERM});
  EXPECT_EQ(r.code, 4) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "incomplete: no violation in the ")) << r.out;
  EXPECT_TRUE(has(r.out, "stopped by SIGTERM")) << r.out;
  const nlohmann::json j = only_result(read_file(json));
  EXPECT_EQ(j.at("verdict"), "incomplete");
  EXPECT_EQ(j.at("stop_reason"), "SIGTERM");
  EXPECT_GT(j.at("executions").get<std::uint64_t>(), 0u);
  // The page names what stopped it, as `kmc test` does.
  EXPECT_TRUE(has(read_file(dir / "rep" / "index.html"), ">incomplete (SIGTERM)<"));
}

// A second stop signal ends kmc at once, by that signal. SIGHUP goes first: before kmc handled
// it, it killed kmc by itself (129); now it only asks for a stop, and the SIGTERM right behind it
// is the second signal (143). Exit 4 means the first stop was already done when the second
// arrived (a parent descheduled between its two kill calls): rare, and not a failure.
TEST(CliRun, SecondStopSignalEndsAtOnce) {
  const KmcOutput r = run_kmc({"run", "scenarios/kq/timer_delete.scn", "--strategy", "dfs"},
                              /*signal_after_s=*/0.3, {SIGHUP, SIGTERM});
  EXPECT_TRUE(r.code == 128 + SIGTERM || r.code == 4) << r.code << "\n" << r.out << r.err;
}

}  // namespace
}  // namespace kmc::testing
