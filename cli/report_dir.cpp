#include "cli/report_dir.hpp"

#include <fstream>
#include <iostream>

#include "reports/graphs.hpp"

namespace kmc::cli {
namespace {

void write_text(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file);
  out << text;
  if (!out) std::cerr << "kmc: warning: --report: cannot write " << file.string() << "\n";
}

void draw(const std::filesystem::path& dir, const RunResult& result, const Counterexample& cex) {
  try {
    reports::write_trace_graph(dir, cex);
    if (cex.violation.kind == ViolationKind::LockOrder)
      reports::write_lock_graph(dir, result.lock_graph, cex);
  } catch (const std::exception& e) {
    std::cerr << "kmc: warning: --report: cannot draw " << dir.string() << ": " << e.what() << "\n";
  }
}

}  // namespace

void ReportDir::add(const std::string& id, const std::string& text, const nlohmann::json& json,
                    const RunResult* result, reports::IndexRow row) {
  std::string unique = id;
  for (int n = 2; used_.count(unique) != 0; ++n) unique = id + "-" + std::to_string(n);
  used_.insert(unique);
  const std::filesystem::path folder = dir_ / unique;
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) {
    std::cerr << "kmc: warning: --report: cannot create " << folder.string() << ": " << ec.message()
              << "\n";
    return;
  }
  write_text(folder / "trace.txt", text);
  write_text(folder / "result.json", json.dump(2) + "\n");
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
    std::filesystem::create_directories(dir_);
    reports::write_index(dir_, rows_);
  } catch (const std::exception& e) {
    std::cerr << "kmc: error: --report: cannot write " << (dir_ / "index.html").string() << ": "
              << e.what() << "\n";
    return false;
  }
  return true;
}

}  // namespace kmc::cli
