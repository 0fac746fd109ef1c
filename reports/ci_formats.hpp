// The formats CI systems read: JUnit XML (one test case per scenario) and SARIF 2.1.0 (one result
// per violation, at the model source line and the seed line, with the trace as a code flow).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "checker/result.hpp"

namespace kmc::reports {

// A violation known only by its signature and token (a `kmc verify` finding, whose trace is not
// kept): a SARIF result at its seed lines.
struct CiFinding {
  std::string kind, message, signature, replay;
  std::vector<std::string> seeds;  // the seed labels of the signature ("R520", "R164")
};

// One scenario (or fuzz case, or verify finding) as the CI formats see it.
struct CiCase {
  std::string name;   // "fd/dup2_larval"
  std::string suite;  // "kmc.fd": the JUnit classname
  std::string file;   // the scenario file, as given ("" when there is none)
  double seconds = 0;
  // "pass", "failure" (a violation, or an expectation missed) or "error" (bad input, internal
  // error); "skipped" for a run that was not complete or not run.
  std::string outcome = "pass";
  std::string message;  // one line: why it failed / was skipped
  std::string details;  // the text of the failure: each violation and its replay command
  const RunResult* result = nullptr;  // its counterexamples become SARIF results (may be null)
  std::string replay_prefix;          // "kmc run FILE --replay ": before each token
  bool expected = false;            // the violations were expected (`kmc test`): SARIF level "note"
  std::vector<CiFinding> findings;  // violations without a trace (verify)
};

// A JUnit XML document, one <testsuite name=`suite_name`> with one <testcase> per case.
[[nodiscard]] std::string junit_xml(const std::string& suite_name,
                                    const std::vector<CiCase>& cases);

// A SARIF 2.1.0 log with one run of tool kmc: a rule per violation kind, a result per
// counterexample with the model source line (uriBaseId SRCROOT, the repository root) and the
// seed line (uriBaseId SEED, the upstream source the label names) as locations, and its events
// as one thread flow. `command` is the kmc command line, for the invocation.
[[nodiscard]] nlohmann::json sarif_log(const std::vector<CiCase>& cases,
                                       const std::string& command);

// The upstream file a seed label's letter names ("R541" -> "linux/fs/file.c") and its line
// (541); false for a label without a known letter or a number.
[[nodiscard]] bool seed_location(const std::string& label, std::string& file, std::uint32_t& line);

// Characters escaped for XML text and attribute values; characters XML 1.0 cannot hold dropped.
[[nodiscard]] std::string xml_escape(const std::string& text);

}  // namespace kmc::reports
