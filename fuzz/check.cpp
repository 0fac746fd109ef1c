#include "fuzz/check.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "fuzz/protocol.hpp"

#include "checker/input_file.hpp"
#include "checker/replay_token.hpp"
#include "checker/runner.hpp"
#include "checker/strategies/factory.hpp"
#include "model/scenario/parser.hpp"
#include "model/scenario/program.hpp"

namespace kmc::fuzz {
namespace {

CheckOutcome explore(const scenario::Scenario& s, const CheckLimits& limits,
                     const StrategyOptions& so, std::optional<ViolationKind> want) {
  CheckOutcome out;
  std::string error;
  std::unique_ptr<Strategy> strategy = make_strategy(so, error);
  if (!strategy) {
    out.error = error;
    return out;
  }
  const scenario::ScenarioProgram program(s);
  RunOptions ro;
  ro.execution = program.execution_options(ExecutionOptions{});
  ro.execution.max_steps = limits.max_steps;
  const bool sampling = so.name == "pct" || so.name == "random";
  ro.max_executions = sampling ? 0 : limits.executions;
  ro.time_limit_s = limits.seconds;
  ro.stop = limits.stop;
  ro.not_after = limits.not_after;
  // A harness breach found first would hide a real violation: look further when one is wanted.
  ro.keep_going = want.has_value();
  RunResult r;
  try {
    r = Runner(program, *strategy, ro).run();
  } catch (const ReplayMismatch& e) {
    out.error = e.message;
    return out;
  }
  out.complete = r.complete;
  out.stats = r.stats;
  for (Counterexample& c : r.counterexamples) {
    if (is_harness(c.violation)) {
      out.harness = true;
      continue;
    }
    if (blocked_holder(c) || breaks_contract(s, c, limits.max_steps, ro.keep_going)) {
      out.contract = true;
      continue;
    }
    if (std::any_of(limits.known.begin(), limits.known.end(),
                    [&](const KnownPattern& p) { return matches(p, c.violation); })) {
      out.known = true;
      continue;
    }
    out.kinds.push_back(c.violation.kind);
    if (!out.found && (!want || c.violation.kind == *want)) out.found = std::move(c);
  }
  std::sort(out.kinds.begin(), out.kinds.end());
  return out;
}

// `text` matches `pat` somewhere, `*` in `pat` standing for any run of characters.
bool glob_at(const char* pat, const char* text) {
  if (*pat == '\0') return true;
  if (*pat == '*') {
    for (const char* t = text;; ++t) {
      if (glob_at(pat + 1, t)) return true;
      if (*t == '\0') return false;
    }
  }
  return *text != '\0' && *pat == *text && glob_at(pat + 1, text + 1);
}

bool contains_glob(const std::string& pat, const std::string& text) {
  for (std::size_t i = 0; i <= text.size(); ++i)
    if (glob_at(pat.c_str(), text.c_str() + i)) return true;
  return false;
}

}  // namespace

bool parse_known(const std::string& spec, KnownPattern& out, std::string& error) {
  out = KnownPattern{};
  out.source = spec;
  const std::size_t colon = spec.find(':');
  ViolationKind k{};
  if (parse_violation_kind(spec.substr(0, colon), k)) {
    out.kind = k;
    out.text = colon == std::string::npos ? "" : spec.substr(colon + 1);
  } else {
    out.text = spec;
  }
  while (!out.text.empty() && out.text.front() == ' ') out.text.erase(0, 1);
  if (!out.kind && out.text.empty()) {
    error = "empty pattern";
    return false;
  }
  return true;
}

bool load_known(const std::string& path, std::vector<KnownPattern>& out, std::string& error) {
  // A pattern list is short: 16 MiB is far past any real one, and what is not a regular file
  // (/dev/zero, a FIFO) would be read forever or wait forever.
  constexpr std::size_t kMaxBytes = std::size_t{16} << 20;
  const InputFile f = read_input_file(path, kMaxBytes);
  if (f.status != InputFile::Status::Ok) {
    error = input_file_error(path, f, "patterns", kMaxBytes);
    return false;
  }
  std::istringstream in(f.text);
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    std::size_t b = 0;
    while (b < line.size() && line[b] == ' ') ++b;
    if (b == line.size() || line[b] == '#') continue;
    KnownPattern p;
    if (!parse_known(line.substr(b), p, error)) {
      error = path + ":" + std::to_string(n) + ": " + error;
      return false;
    }
    out.push_back(std::move(p));
  }
  return true;
}

bool matches(const KnownPattern& p, const Violation& v) {
  if (p.kind && *p.kind != v.kind) return false;
  return p.text.empty() || contains_glob(p.text, v.message);
}

std::string generalise(const Violation& v) {
  // Scenario thread names (setup, T1, T2, ...) vary from find to find: any of them is `*`.
  std::string m;
  for (std::size_t i = 0; i < v.message.size();) {
    const bool start = i == 0 || !std::isalnum(static_cast<unsigned char>(v.message[i - 1]));
    std::size_t j = i;
    if (start && v.message.compare(i, 5, "setup") == 0) {
      j = i + 5;
    } else if (start && v.message[i] == 'T') {
      j = i + 1;
      while (j < v.message.size() && std::isdigit(static_cast<unsigned char>(v.message[j]))) ++j;
      if (j == i + 1) j = i;
    }
    const bool word_end =
        j > i && (j == v.message.size() || !std::isalnum(static_cast<unsigned char>(v.message[j])));
    if (word_end) {
      m += '*';
      i = j;
    } else {
      m += v.message[i++];
    }
  }
  std::string out;
  for (std::size_t i = 0; i < m.size();) {
    if (!std::isdigit(static_cast<unsigned char>(m[i]))) {
      out += m[i++];
      continue;
    }
    std::size_t j = i;
    while (j < m.size() && std::isalnum(static_cast<unsigned char>(m[j]))) ++j;
    const bool invariant_id = i >= 2 && m[i - 1] == 'I' && m[i - 2] == '-';
    if (invariant_id) {
      out += m.substr(i, j - i);
    } else if (out.empty() || out.back() != '*') {
      out += '*';
    }
    i = j;
  }
  return std::string(to_string(v.kind)) + ":" + out;
}

bool blocked_holder(const Counterexample& c) {
  const Violation& v = c.violation;
  if (v.kind != ViolationKind::Refcount || v.event != -1) return false;
  const std::size_t open = v.message.find('(');
  const std::size_t comma = v.message.find(',', open);
  if (open == std::string::npos || comma == std::string::npos ||
      v.message.find(" still holds a reference") == std::string::npos)
    return false;
  std::size_t thread = 0;
  try {
    thread = static_cast<std::size_t>(std::stoul(v.message.substr(open + 1, comma - open - 1)));
  } catch (...) {
    return false;
  }
  return thread < c.trace.threads.size() && !c.trace.threads[thread].finished &&
         !c.trace.threads[thread].blocked_on.empty();
}

bool breaks_contract(const scenario::Scenario& s, const Counterexample& c, std::uint32_t max_steps,
                     bool keep_going) {
  const Protocol& p = protocol_of(*s.model);
  const auto guarded = [&](int op) { return op >= 0 && p.rule(op).guarded; };
  bool any = std::any_of(s.setup.begin(), s.setup.end(),
                         [&](const scenario::Operation& o) { return guarded(o.op); });
  for (const scenario::ThreadSpec& t : s.threads)
    for (const scenario::Operation& o : t.ops) any = any || guarded(o.op);
  if (!any) return false;
  scenario::ScenarioProgram program(s);
  std::vector<scenario::OpRecord> records;
  program.record_operations(&records);
  ExecutionOptions eo = program.execution_options(ExecutionOptions{});
  eo.max_steps = max_steps;
  eo.keep_going = keep_going;
  try {
    (void)replay_once(program, c.replay, eo);
  } catch (...) {
    return false;  // not ours to judge: the caller's own replay check reports it
  }
  for (const scenario::OpRecord& r : records) {
    if (r.end_event < 0 || r.result >= 0) continue;
    const std::string name = r.text.substr(0, r.text.find(' '));
    if (guarded(s.model->find_op(name))) return true;
  }
  return false;
}

bool is_harness(const Violation& v) {
  return v.kind == ViolationKind::Assertion && v.message.rfind("harness:", 0) == 0;
}

CheckOutcome check_scenario(const scenario::Scenario& s, const CheckLimits& limits,
                            std::optional<ViolationKind> want) {
  StrategyOptions so;
  so.name = limits.strategy;
  so.seed = limits.seed;
  so.executions = limits.executions;
  return explore(s, limits, so, want);
}

std::optional<Counterexample> minimise_schedule(const scenario::Scenario& s, ViolationKind kind,
                                                const CheckLimits& limits,
                                                std::uint32_t max_bound) {
  for (std::uint32_t bound = 0; bound <= max_bound; ++bound) {
    StrategyOptions so;
    so.name = "bounded";
    so.preemptions = bound;
    CheckOutcome o = explore(s, limits, so, kind);
    if (o.found) return std::move(o.found);
  }
  return std::nullopt;
}

bool cut_at_violation(const scenario::Scenario& s, Counterexample& c, std::uint32_t max_steps) {
  const auto end =
      c.violation.event < 0
          ? c.trace.events.size()
          : std::min(c.trace.events.size(), static_cast<std::size_t>(c.violation.event) + 1);
  Trace prefix;
  prefix.events.assign(c.trace.events.begin(),
                       c.trace.events.begin() + static_cast<std::ptrdiff_t>(end));
  const scenario::ScenarioProgram program(s);
  const std::string token = encode_token(schedule_of(prefix), program.fingerprint());
  ExecutionOptions eo = program.execution_options(ExecutionOptions{});
  eo.max_steps = max_steps;
  try {
    Trace t = replay_once(program, token, eo);
    if (!t.violation || t.violation->kind != c.violation.kind) return false;
    c.violation = *t.violation;
    c.trace = std::move(t);
    c.replay = token;
    c.preemptions = count_preemptions(c.trace);
    return true;
  } catch (const std::exception&) {
    return false;  // the execution ended before the cut (another kind stopped it)
  }
}

bool replays(const std::string& path, const std::string& token, ViolationKind kind,
             std::uint32_t max_steps, bool keep_going, std::string& error) {
  scenario::ParseResult parsed = scenario::load_scenario(path);
  if (!parsed.scenario) {
    error = parsed.errors.empty() ? "does not parse" : parsed.errors.front().format();
    return false;
  }
  const scenario::ScenarioProgram program(std::move(*parsed.scenario));
  ExecutionOptions eo = program.execution_options(ExecutionOptions{});
  eo.max_steps = max_steps;
  eo.keep_going = keep_going;
  try {
    const Trace t = replay_once(program, token, eo);
    if ((t.violation && t.violation->kind == kind) || t.records(kind)) return true;
    error = t.violation ? "replayed to " + std::string(to_string(t.violation->kind))
                        : "replayed without a violation";
  } catch (const std::exception& e) {
    error = e.what();
  }
  return false;
}

}  // namespace kmc::fuzz
