// `kmc bench NAME N`: the classic DPOR benchmarks (DESIGN §5) with their expected trace counts.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <optional>

#include "bench/bench.hpp"
#include "cli/common.hpp"
#include "cli/report_dir.hpp"
#include "cli/terminal.hpp"
#include "cli/verbs.hpp"
#include "reports/colour.hpp"
#include "reports/json_report.hpp"

namespace kmc::cli {
namespace {

class BenchVerb final : public Verb {
 public:
  CLI::App* setup(CLI::App& app) override {
    CLI::App* cmd =
        app.add_subcommand("bench", "Run a classic DPOR benchmark and count its traces");
    cmd->add_option("name", name_, "lastzero, readers, filesystem, indexer, abba");
    cmd->add_option("n", n_, "the benchmark's size N");
    cmd->add_flag("--list", list_, "list the benchmarks with their sizes and expected counts");
    cmd->add_option("--json", json_, "write the result as JSON to FILE, or to stdout with '-'");
    cmd->add_option("--report", report_,
                    "write DIR/bench/<name>-<n>/{trace.txt,result.json,*.svg} (abba: its "
                    "lock-order graph, lockgraph.svg) and DIR/index.html (merged into an earlier "
                    "report in DIR)");
    add_explore_flags(*cmd, flags_, /*with_keep_going=*/false);
    add_color_flag(*cmd, color_);
    cmd->footer(
        "Prints the executions explored, the redundant ones cut, the time and the rate, and the\n"
        "number of Mazurkiewicz traces the literature gives. Exit status 1 when an exhaustive\n"
        "dpor run's count differs from that number, or when a violation is found (abba);\n"
        "4 when the exploration was incomplete (--time-limit, --executions, pct/random, or\n"
        "Ctrl-C/SIGTERM/SIGHUP); 0 when it was complete and found nothing.\n\n"
        "Examples:\n"
        "  kmc bench lastzero 5\n"
        "  kmc bench readers 10 --strategy dfs\n"
        "  kmc bench indexer 13 --json -\n"
        "  kmc bench abba 1 --report out   # a lock-order cycle and its picture\n"
        "  kmc bench --list");
    return cmd;
  }

  int execute() override {
    warn_ignored_flags(flags_, "bench");
    if (list_) {
      for (const bench::Benchmark& b : bench::benchmarks())
        std::cout << fmt::format("{:<12} N in [{}, {}]  {}\n", b.name, b.min_n, b.max_n, b.doc);
      return kExitPass;
    }
    if (name_.empty() || n_ == 0)
      return usage_error("bench needs NAME and N (see kmc bench --list)");
    std::string error;
    const std::unique_ptr<Program> program = bench::make_benchmark(name_, n_, error);
    if (!program) return usage_error("bench: " + error);
    if (const std::string e = check_outputs(json_, report_); !e.empty()) return usage_error(e);
    std::optional<ReportDir> report;
    if (!report_.empty()) {
      report.emplace(report_);
      if (const std::string e = report->open(); !e.empty()) return usage_error(e);
    }
    std::unique_ptr<Strategy> strategy = make_strategy_from(flags_, error);
    if (!strategy) return usage_error("--strategy: " + error);
    RunResult r;
    try {
      r = Runner(*program, *strategy, run_options_from(flags_, name_, ExecutionOptions{})).run();
    } catch (const ReplayMismatch& e) {
      clear_progress_line();
      std::cerr << "kmc: internal error: " << e.message << "\n";
      return kExitInternal;
    }
    clear_progress_line();
    const bench::Benchmark* b = bench::find_benchmark(name_);
    // The literature's counts are of sequentially consistent traces: under rc11 a relaxed load
    // also chooses its store, so there is nothing to compare with.
    const std::optional<std::uint64_t> expected =
        flags_.memory_model == "sc" ? b->expected_traces(n_) : std::nullopt;
    const bool counted = flags_.strategy == "dpor" && r.complete && expected.has_value();
    const bool count_ok = !counted || r.stats.executions == *expected;
    const double rate = r.stats.elapsed_s > 0 ? r.stats.executions / r.stats.elapsed_s : 0;
    std::ostream& out = json_ == "-" ? std::cerr : std::cout;
    reports::TextStyle style;  // the report's trace.txt keeps the default: never coloured
    style.color = color_for(color_, json_ == "-" ? STDERR_FILENO : STDOUT_FILENO);
    out << fmt::format(
        "{}({}) with {}: {} executions, {} redundant cut, {} events, {:.3f} s, {:.0f} "
        "executions/s\n",
        name_, n_, r.strategy, r.stats.executions, r.stats.blocked, r.stats.events,
        r.stats.elapsed_s, rate);
    if (expected)
      out << fmt::format(
          "expected traces: {}{}\n", *expected,
          !counted   ? ""
          : count_ok ? " " + reports::paint("(matched)", reports::Tone::Pass, style.color)
                     : " " + reports::paint("(MISMATCH)", reports::Tone::Violation, style.color));
    for (const Counterexample& c : r.counterexamples)
      out << reports::format_violation(c.violation, c.trace, style) << "replay token: " << c.replay
          << "\n";
    const std::string reason = stop_reason(r, flags_);
    const std::optional<double> estimate = strategy->estimated_total();
    std::string text;
    for (const Counterexample& c : r.counterexamples)
      text += reports::format_counterexample(c, "") + "\n";
    text += reports::format_summary(r, reason, estimate) + "\n";
    out << reports::format_summary(r, reason, estimate, style) << "\n";
    if (!json_.empty() || report) {
      reports::ResultInfo info;
      info.scenario = fmt::format("{}({})", name_, n_);
      info.stop_reason = reason;
      info.estimated_total = estimate;
      nlohmann::json j = reports::result_json(r, info);
      j["benchmark"] = name_;
      j["n"] = n_;
      j["expected_traces"] = expected ? nlohmann::json(*expected) : nlohmann::json(nullptr);
      j["matched"] = count_ok;
      j["rate"] = rate;
      if (!json_.empty() && !write_json(json_, j)) return kExitInternal;
      if (report) {
        reports::IndexRow row;
        row.scenario = fmt::format("bench/{}-{}", name_, n_);
        row.model = "bench";
        row.verdict = std::string(reports::verdict_of(r));
        row.expectation = expected ? fmt::format("{} executions", *expected) : "";
        row.violation = r.violated();
        if (r.violated()) row.kind = to_string(r.counterexamples[0].violation.kind);
        row.executions = r.stats.executions;
        row.seconds = r.stats.elapsed_s;
        row.matched = count_ok;
        report->add(row.scenario, text, j, &r, row);
        if (!report->finish()) return kExitInternal;
        out << "report: " << (report->dir() / "index.html").string() << "\n";
      }
    }
    return !count_ok ? kExitViolation : exit_code_of(r);
  }

 private:
  std::string name_;
  int n_ = 0;
  bool list_ = false;
  std::string json_;
  std::string report_;
  ExploreFlags flags_;
  std::string color_ = "auto";
};

}  // namespace

std::unique_ptr<Verb> make_bench_verb() {
  return std::make_unique<BenchVerb>();
}

}  // namespace kmc::cli
