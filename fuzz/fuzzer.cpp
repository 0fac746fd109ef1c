#include "fuzz/fuzzer.hpp"

#include <fmt/format.h>
#include <rapidcheck.h>

#include <chrono>

#include "checker/output_file.hpp"
#include "fuzz/minimise.hpp"
#include "fuzz/print.hpp"
#include "fuzz/render.hpp"
#include "model/scenario/parser.hpp"

namespace kmc::fuzz {
namespace {

using Clock = std::chrono::steady_clock;

// RapidCheck's listener interface, silenced: the fuzz loop reports progress itself.
class QuietListener final : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

// What the property records across its calls (RapidCheck calls it for every case and shrink).
struct LoopState {
  explicit LoopState(const FuzzOptions& options) : o(options) {}
  const FuzzOptions& o;
  Clock::time_point start = Clock::now();
  Clock::time_point deadline;
  std::optional<ViolationKind> target;     // FuzzOptions::only, else the first failure's kind
  bool failed = false;                     // from the first failure on, RapidCheck is shrinking
  RawScenario last_failure;                // the last failing case: RapidCheck's shrunk result
  std::optional<Counterexample> last_cex;  // the counterexample last_failure's check found
  std::uint64_t checks = 0;                // scenarios checked (FuzzOptions::max_checks)
  std::string error;
  FuzzReport report;

  [[nodiscard]] double elapsed() const {
    return std::chrono::duration<double>(Clock::now() - start).count();
  }
  [[nodiscard]] bool stopped() const { return o.limits.stop != nullptr && o.limits.stop->load(); }
  // The time budget (or the test's check budget) is over, or a stop came: no more checking.
  [[nodiscard]] bool out_of_budget() const {
    return (o.seconds > 0 && Clock::now() >= deadline) ||
           (o.max_checks != 0 && checks >= o.max_checks) || stopped();
  }
  // No new scenario is to be generated (`runs` bounds generation, not shrinking).
  [[nodiscard]] bool spent() const {
    return (o.runs != 0 && report.runs >= o.runs) || out_of_budget();
  }
  // The per-scenario limits, ending at the budget's end too.
  [[nodiscard]] CheckLimits limits() const {
    CheckLimits l = o.limits;
    if (o.seconds > 0) l.not_after = deadline;
    return l;
  }
};

std::optional<scenario::Scenario> parse(const std::string& text, const std::string& file,
                                        std::string& error) {
  scenario::ParseResult p = scenario::parse_scenario(text, file);
  if (!p.scenario && !p.errors.empty()) error = p.errors.front().format();
  return std::move(p.scenario);
}

// Checks `raw`: the outcome (nullopt with st.error set when it cannot be checked).
std::optional<CheckOutcome> check_raw(LoopState& st, const RawScenario& raw) {
  const std::string text = render_scenario(*st.o.model, raw, {st.o.variants, "pass", {}});
  std::string error;
  std::optional<scenario::Scenario> s = parse(text, "fuzz.scn", error);
  if (!s) {
    st.error = "generated scenario does not parse: " + error + "\n" + text;
    return std::nullopt;
  }
  if (!st.failed) {
    ++st.report.runs;
    st.report.config.add(*s, st.o.variants);
  }
  ++st.checks;
  CheckOutcome out = check_scenario(*s, st.limits(), st.target);
  if (!out.error.empty()) {
    st.error = "engine error: " + out.error + "\n" + text;
    return std::nullopt;
  }
  return out;
}

// The property: a generated scenario has no violation (of the target kind, once shrinking).
void property(LoopState& st) {
  const RawScenario raw = *gen_raw_scenario(*st.o.model, st.o.shape);
  if (!st.failed && (st.spent() || !st.error.empty())) return;  // budget spent: pass quickly
  // Out of budget while shrinking: every further candidate "passes", so RapidCheck ends at once
  // with the smallest failing case so far (last_failure), which finish() still writes.
  if (st.failed && (st.out_of_budget() || !st.error.empty())) return;
  std::optional<CheckOutcome> checked = check_raw(st, raw);
  if (!checked) return;
  CheckOutcome& out = *checked;
  if (out.harness && !st.failed) ++st.report.harness;
  if (out.contract && !st.failed) ++st.report.contract;
  if (out.known && !st.failed) ++st.report.known;
  if (!out.found) return;
  if (!st.failed) {
    st.failed = true;
    st.target = out.found->violation.kind;
    st.report.first = raw;
    st.report.seconds_to_find = st.elapsed();
    if (st.o.log)
      st.o.log(fmt::format("{}: run {}: {} after {:.1f} s; shrinking", st.o.model->name,
                           st.report.runs, to_string(*st.target), st.report.seconds_to_find));
  } else {
    ++st.report.shrink_steps;
  }
  st.last_failure = raw;
  const std::string what =
      std::string(to_string(out.found->violation.kind)) + ": " + out.found->violation.message;
  st.last_cex = std::move(out.found);
  RC_FAIL(what);
}

// Writes the shrunk scenario with its minimised schedule and checks that it replays.
void finish(LoopState& st) {
  FuzzReport& r = st.report;
  const FuzzOptions& o = st.o;
  const std::string text = render_scenario(*o.model, st.last_failure, {o.variants, "pass", {}});
  std::string error;
  std::optional<scenario::Scenario> s = parse(text, "fuzz.scn", error);
  if (!s) {
    r.error = "shrunk scenario does not parse: " + error;
    return;
  }
  r.kind = *st.target;
  r.raw = st.last_failure;
  CheckLimits all = st.limits();
  all.strategy = "dpor";  // the expect line: every kind the exhaustive search finds
  // A find is written even after a stop request: these runs are bounded by the per-scenario
  // limits and by the budget's end, and a second Ctrl-C still ends kmc at once.
  all.stop = nullptr;
  // With the budget spent, the counterexample the last check found is written as it is: no
  // search for every kind (the expect line names the one found) nor for fewer preemptions.
  std::optional<Counterexample> cex;
  r.kinds = {r.kind};
  if (!st.out_of_budget()) {
    const CheckOutcome every = check_scenario(*s, all, r.kind);
    if (every.complete) r.kinds = every.kinds;
    if (std::find(r.kinds.begin(), r.kinds.end(), r.kind) == r.kinds.end())
      r.kinds.push_back(r.kind);
    std::sort(r.kinds.begin(), r.kinds.end());
    cex = minimise_schedule(*s, r.kind, all, 4);
    if (!cex) cex = every.found;
  }
  if (!cex) cex = std::move(st.last_cex);
  if (!cex) {
    r.error = "the shrunk scenario no longer shows " + std::string(to_string(r.kind)) +
              " (a time limit too tight?)";
    return;
  }
  r.keep_going = !cut_at_violation(*s, *cex, o.limits.max_steps);
  r.found = true;
  r.message = cex->violation.message;
  r.token = cex->replay;
  r.preemptions = cex->preemptions;
  r.trace_events = cex->trace.events.size();
  r.threads = static_cast<int>(s->threads.size());
  r.ops = static_cast<int>(s->setup.size());
  for (const scenario::ThreadSpec& t : s->threads) r.ops += static_cast<int>(t.ops.size());
  s->expect.violation = true;
  s->expect.kinds = r.kinds;
  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  r.file = o.out / ((o.name.empty() ? o.model->name + "-" : o.name) +
                    std::string(to_string(r.kind)) + ".scn");
  std::string variants;
  for (const std::string& v : o.variants) variants += " --variant " + v;
  if (o.shape.variants) variants += " --random-variants";
  if (o.only) variants += " --kind " + std::string(to_string(*o.only));
  if (!o.limits.known.empty())
    variants += fmt::format(" ({} known patterns)", o.limits.known.size());
  s->description = fmt::format(
      "found by: kmc fuzz --model {}{} --seed {} (run {}, {:.1f} s), shrunk by RapidCheck{}\n"
      "{}: {}\n"
      "schedule with {} preemption(s), {} events; replay with:\n"
      "  kmc run {} --replay {}{}\n"
      "RapidCheck reproduce string: {}",
      o.model->name, variants, o.seed, r.runs, r.seconds_to_find,
      r.minimal ? " to a local minimum" : " (budget spent: the smallest failing scenario so far)",
      to_string(r.kind), r.message, r.preemptions, r.trace_events, r.file.string(), r.token,
      r.keep_going ? " --keep-going" : "", r.reproduce);
  r.text = print_scenario(*s);
  if (std::string e = write_file_atomic(r.file, r.text); !e.empty()) {
    r.found = false;
    r.error = "cannot write " + e;  // an internal error (exit 3): --out was checked at the start
    return;
  }
  if (!replays(r.file.string(), r.token, r.kind, o.limits.max_steps, r.keep_going, error)) {
    r.found = false;
    r.error = r.file.string() + " does not replay: " + error;
  }
}

}  // namespace

FuzzReport run_fuzz(const FuzzOptions& o) {
  LoopState st(o);
  st.deadline = st.start + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(o.seconds));
  if (o.model == nullptr || (o.runs == 0 && o.seconds <= 0 && o.reproduce.empty())) {
    st.report.error = "a model and a budget (runs or seconds) are required";
    return st.report;
  }
  const std::string id = "kmc-fuzz-" + o.model->name;
  std::unordered_map<std::string, rc::detail::Reproduce> repro;
  if (!o.reproduce.empty()) {
    try {
      repro = rc::detail::configFromString(o.reproduce).reproduce;
    } catch (const std::exception& e) {
      st.report.error = std::string("--reproduce: ") + e.what();
      return st.report;
    }
    // A string that names no case of this model would run an ordinary fuzz loop instead.
    if (repro.count(id) == 0) {
      st.report.error = "--reproduce: '" + o.reproduce + "' is not a reproduce string of " + id +
                        " (kmc fuzz prints one with each find)";
      return st.report;
    }
  }
  QuietListener listener;
  // RapidCheck runs in chunks of cases, each with its own seed, so a time budget can end the loop
  // between chunks; the reproduce string names the chunk's seed, so it stays exact.
  st.target = o.only;
  for (std::uint64_t chunk = 0; !st.failed && st.error.empty(); ++chunk) {
    rc::detail::TestParams params;
    params.seed = o.seed * 1000003u + chunk;
    params.maxSuccess = 25;
    params.maxSize = 100;
    const rc::detail::TestResult result = rc::detail::checkProperty(
        rc::detail::toProperty([&st] { property(st); }), {id, id}, params, listener, repro);
    rc::detail::FailureResult failure;
    if (result.match(failure) && st.failed) {
      rc::detail::Configuration config;
      config.reproduce[id] = failure.reproduce;
      st.report.reproduce = rc::detail::configToMinimalString(config);
    }
    if (!o.reproduce.empty() || st.spent()) break;
    if (o.log && chunk % 8 == 7)
      o.log(fmt::format("{}: {} scenarios, {:.0f} s, no violation", o.model->name, st.report.runs,
                        st.elapsed()));
  }
  if (st.error.empty() && st.failed) {
    // RapidCheck's result need not be 1-minimal: take single threads and operations out.
    const auto fails = [&st](const RawScenario& c) {
      std::optional<CheckOutcome> out = check_raw(st, c);
      if (!out || !out->found) return false;
      st.last_cex = std::move(out->found);
      return true;
    };
    const auto out_of_budget = [&st] { return st.out_of_budget() || !st.error.empty(); };
    st.report.minimal = minimise_raw(st.last_failure, fails, out_of_budget, st.report.shrink_steps);
    if (o.log && !st.report.minimal)
      o.log(fmt::format("{}: budget spent while shrinking; writing the smallest failing scenario",
                        o.model->name));
  }
  if (!st.error.empty()) {
    st.report.error = st.error;
  } else if (st.failed) {
    finish(st);
  } else {
    st.report.interrupted = st.stopped();
  }
  st.report.seconds = st.elapsed();
  return st.report;
}

CampaignReport run_campaign(const FuzzOptions& options,
                            const std::function<void(const FuzzReport&)>& on_find) {
  CampaignReport c;
  const Clock::time_point start = Clock::now();
  FuzzOptions o = options;
  o.runs = 0;
  for (int round = 1;; ++round) {
    const double left =
        options.seconds - std::chrono::duration<double>(Clock::now() - start).count();
    if (left <= 0.05) break;
    if (o.limits.stop != nullptr && o.limits.stop->load()) {
      c.interrupted = true;
      break;
    }
    o.seconds = left;
    o.seed = options.seed + static_cast<std::uint64_t>(round - 1);
    o.name = fmt::format("{}-{}-", o.model->name, round);
    FuzzReport r = run_fuzz(o);
    c.runs += r.runs;
    c.harness += r.harness;
    c.contract += r.contract;
    c.known += r.known;
    c.config.merge(r.config);
    if (!r.error.empty()) {
      c.error = r.error;
      break;
    }
    if (!r.found) {  // the budget ran out (or a stop came) without a new find
      c.interrupted = r.interrupted;
      break;
    }
    Violation v;
    v.kind = r.kind;
    v.message = r.message;
    const std::string pattern = generalise(v);
    KnownPattern p;
    std::string error;
    if (parse_known(pattern, p, error)) o.limits.known.push_back(p);
    c.patterns.push_back(pattern);
    if (on_find) on_find(r);
    c.finds.push_back(std::move(r));
  }
  c.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return c;
}

}  // namespace kmc::fuzz
