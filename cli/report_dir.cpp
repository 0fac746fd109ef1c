#include "cli/report_dir.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "checker/output_file.hpp"
#include "reports/graphs.hpp"
#include "reports/json_report.hpp"

namespace kmc::cli {
namespace {

nlohmann::json row_json(const reports::IndexRow& r) {
  return {{"scenario", r.scenario},       {"model", r.model},     {"verdict", r.verdict},
          {"expectation", r.expectation}, {"kind", r.kind},       {"dir", r.dir},
          {"executions", r.executions},   {"seconds", r.seconds}, {"matched", r.matched},
          {"violation", r.violation}};
}

reports::IndexRow row_from_json(const nlohmann::json& j) {
  reports::IndexRow r;
  r.scenario = j.at("scenario").get<std::string>();
  r.model = j.at("model").get<std::string>();
  r.verdict = j.at("verdict").get<std::string>();
  r.expectation = j.at("expectation").get<std::string>();
  r.kind = j.at("kind").get<std::string>();
  r.dir = j.at("dir").get<std::string>();
  r.executions = j.at("executions").get<std::uint64_t>();
  r.seconds = j.at("seconds").get<double>();
  r.matched = j.at("matched").get<bool>();
  r.violation = j.at("violation").get<bool>();
  return r;
}

}  // namespace

std::string ReportDir::open() {
  const std::filesystem::path index = dir_ / "index.json";
  std::error_code ec;
  if (!std::filesystem::exists(index, ec)) {
    if (std::filesystem::exists(dir_ / "index.html", ec))
      return "--report: " + dir_.string() +
             " holds an index.html without the index.json kmc writes beside it (another tool's, "
             "or an older kmc's): choose another folder or remove it";
    return "";
  }
  std::ifstream in(index);
  std::ostringstream text;
  text << in.rdbuf();
  try {
    const nlohmann::json j = nlohmann::json::parse(text.str());
    for (const nlohmann::json& row : j.at("rows")) earlier_.push_back(row_from_json(row));
  } catch (const std::exception& e) {
    return "--report: " + index.string() +
           " is not the index of a kmc report, so it cannot be merged into (" + e.what() +
           "): choose another folder or remove it";
  }
  return "";
}

void ReportDir::write(const std::filesystem::path& file, const std::string& text) {
  if (const std::string error = write_file_atomic(file, text); !error.empty()) {
    std::cerr << "kmc: error: --report: cannot write " << error << "\n";
    failed_ = true;
  }
}

void ReportDir::draw(const std::filesystem::path& dir, const RunResult& result,
                     const Counterexample& cex) {
  try {
    reports::write_trace_graph(dir, cex);
    if (cex.violation.kind == ViolationKind::LockOrder)
      reports::write_lock_graph(dir, result.lock_graph, cex);
  } catch (const WriteError& e) {
    std::cerr << "kmc: error: --report: cannot write " << e.what() << "\n";
    failed_ = true;
  } catch (const std::exception& e) {
    std::cerr << "kmc: warning: --report: cannot draw " << dir.string() << ": " << e.what() << "\n";
  }
}

void ReportDir::add(const std::string& id, const std::string& text, const nlohmann::json& json,
                    const RunResult* result, reports::IndexRow row) {
  std::string unique = id;
  for (int n = 2; used_.count(unique) != 0; ++n) unique = id + "-" + std::to_string(n);
  used_.insert(unique);
  const std::filesystem::path folder = dir_ / unique;
  std::error_code ec;
  // An earlier report's folder of this scenario would keep pictures of counterexamples this run
  // no longer has. Only a folder the earlier index names: anything else in DIR is not ours.
  if (std::any_of(earlier_.begin(), earlier_.end(),
                  [&](const reports::IndexRow& r) { return r.dir == unique; }))
    std::filesystem::remove_all(folder, ec);
  std::filesystem::create_directories(folder, ec);
  if (ec) {
    std::cerr << "kmc: error: --report: cannot create " << folder.string() << ": " << ec.message()
              << "\n";
    failed_ = true;
    return;
  }
  write(folder / "trace.txt", text);
  write(folder / "result.json", reports::stamped(json).dump(2) + "\n");
  if (result != nullptr) {
    for (std::size_t i = 0; i < result->counterexamples.size(); ++i) {
      const Counterexample& cex = result->counterexamples[i];
      draw(i == 0 ? folder
                  : folder /
                        (std::to_string(i + 1) + "-" + std::string(to_string(cex.violation.kind))),
           *result, cex);
    }
  }
  row.dir = unique;
  rows_.push_back(std::move(row));
}

bool ReportDir::finish() {
  std::vector<reports::IndexRow> all;
  for (const reports::IndexRow& r : earlier_)
    if (used_.count(r.dir) == 0) all.push_back(r);
  kept_ = all.size();
  all.insert(all.end(), rows_.begin(), rows_.end());
  nlohmann::json rows = nlohmann::json::array();
  for (const reports::IndexRow& r : all) rows.push_back(row_json(r));
  try {
    write_text_file(dir_ / "index.json",
                    reports::stamped(nlohmann::json{{"rows", std::move(rows)}}).dump(2) + "\n");
    reports::write_index(dir_, all);
  } catch (const std::exception& e) {
    std::cerr << "kmc: error: --report: cannot write " << e.what() << "\n";
    return false;
  }
  return !failed_;
}

}  // namespace kmc::cli
