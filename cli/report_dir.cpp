#include "cli/report_dir.hpp"

#include <iostream>

#include "checker/output_file.hpp"
#include "reports/graphs.hpp"

namespace kmc::cli {

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
  std::filesystem::create_directories(folder, ec);
  if (ec) {
    std::cerr << "kmc: error: --report: cannot create " << folder.string() << ": " << ec.message()
              << "\n";
    failed_ = true;
    return;
  }
  write(folder / "trace.txt", text);
  write(folder / "result.json", json.dump(2) + "\n");
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
  try {
    reports::write_index(dir_, rows_);
  } catch (const std::exception& e) {
    std::cerr << "kmc: error: --report: cannot write " << e.what() << "\n";
    return false;
  }
  return !failed_;
}

}  // namespace kmc::cli
