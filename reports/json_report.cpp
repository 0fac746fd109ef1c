#include "reports/json_report.hpp"

#include "checker/version.hpp"

namespace kmc::reports {

nlohmann::json event_json(const Event& e, std::size_t index, const Trace& trace) {
  nlohmann::json j;
  j["index"] = index;
  j["thread"] = e.thread < trace.threads.size() ? trace.threads[e.thread].name : "";
  j["thread_id"] = e.thread;
  j["op"] = std::string(to_string(e.op));
  j["object"] = trace.object_name(e.object);
  j["seed"] = e.seed != nullptr ? e.seed : "";
  j["file"] = short_path(e.loc.file_name());
  j["line"] = e.loc.line();
  j["value"] = e.value;
  // A read-modify-write's value before it (schema 3): "value" alone cannot tell an add of -1 to 1
  // from a store of 0. Absent for other events and for one a check stopped first.
  if (const std::optional<Value> before = value_before(trace, e)) j["before"] = *before;
  return j;
}

nlohmann::json counterexample_json(const Counterexample& cex, const std::vector<OpMark>& marks) {
  const Violation& v = cex.violation;
  const Trace& trace = cex.trace;
  nlohmann::json j;
  j["kind"] = std::string(to_string(v.kind));
  j["message"] = v.message;
  j["replay"] = cex.replay;
  j["execution"] = cex.execution;
  j["preemptions"] = cex.preemptions;
  j["thread"] = v.thread < trace.threads.size() ? trace.threads[v.thread].name : "";
  j["event"] = v.event;
  j["seed"] = v.seed != nullptr ? v.seed : "";
  j["file"] = short_path(v.loc.file_name());
  j["line"] = v.loc.line();
  j["related"] = v.related;
  nlohmann::json threads = nlohmann::json::array();
  for (const ThreadInfo& t : trace.threads)
    threads.push_back({{"name", t.name}, {"finished", t.finished}, {"blocked_on", t.blocked_on}});
  j["threads"] = std::move(threads);
  nlohmann::json events = nlohmann::json::array();
  for (std::size_t i = 0; i < trace.events.size(); ++i)
    events.push_back(event_json(trace.events[i], i, trace));
  j["trace"] = std::move(events);
  nlohmann::json ops = nlohmann::json::array();
  for (const OpMark& m : marks) {
    nlohmann::json o;
    o["thread"] = m.thread < trace.threads.size() ? trace.threads[m.thread].name : "";
    o["text"] = m.text;
    o["where"] = m.where;
    o["first_event"] = m.first_event;
    o["end_event"] = m.end_event;
    o["returned"] = m.end_event >= 0;
    o["result"] = m.result;
    ops.push_back(std::move(o));
  }
  j["operations"] = std::move(ops);
  return j;
}

nlohmann::json tool_json() {
  return {{"name", "kmc"}, {"version", version()}, {"commit", git_commit()}};
}

nlohmann::json stamped(nlohmann::json document) {
  if (document.is_object()) {
    document["schema_version"] = kSchemaVersion;
    document["tool"] = tool_json();
  }
  return document;
}

nlohmann::json result_json(const RunResult& r, const ResultInfo& info) {
  nlohmann::json j;
  j["scenario"] = info.scenario.empty() ? r.program : info.scenario;
  j["file"] = info.file;
  j["model"] = info.model;
  j["strategy"] = r.strategy;
  j["verdict"] = std::string(verdict_of(r));
  j["executions"] = r.stats.executions;
  j["complete"] = r.complete;
  j["interrupted"] = r.interrupted;
  j["stop_reason"] = info.stop_reason;
  j["blocked"] = r.stats.blocked;
  // DPOR branches dropped because their thread could not run: 0 in a healthy run (see README).
  j["disabled_branches"] = r.stats.disabled_branches;
  // The same under a name a CI can test without knowing DPOR: any non-zero value is a finding.
  j["anomalies"] = {{"dpor_fallback_branches", r.stats.disabled_branches}};
  // Threads whose first step waited for an identical thread's (symmetry reduction; 0: none).
  j["symmetric_threads"] = r.stats.symmetric_threads;
  if (info.estimated_total && *info.estimated_total > static_cast<double>(r.stats.executions) &&
      !r.complete)
    j["estimated_remaining"] = *info.estimated_total - static_cast<double>(r.stats.executions);
  j["events"] = r.stats.events;
  j["elapsed_s"] = r.stats.elapsed_s;
  if (info.expectation) j["expectation"] = *info.expectation;
  if (info.matched) j["matched"] = *info.matched;
  nlohmann::json violations = nlohmann::json::array();
  for (std::size_t i = 0; i < r.counterexamples.size(); ++i)
    violations.push_back(counterexample_json(
        r.counterexamples[i], i < info.marks.size() ? info.marks[i] : std::vector<OpMark>{}));
  j["violations"] = std::move(violations);
  return j;
}

}  // namespace kmc::reports
