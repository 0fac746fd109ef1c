// The operation lines of a scenario (`NAME ARG... [-> RESULT]`) and the end-of-file checks.
#include <algorithm>
#include <filesystem>

#include "model/scenario/parser_state.hpp"

namespace kmc::scenario::detail {
namespace {

const char* kind_name(model::ArgKind k) {
  switch (k) {
    case model::ArgKind::Int:
      return "integer";
    case model::ArgKind::Ref:
      return "integer or result name";
    case model::ArgKind::Name:
      return "name such as /s1 or \"s1\"";
    case model::ArgKind::Flags:
      return "flags such as A|B, or an integer";
  }
  return "argument";
}

std::string usage(const model::OpSpec& op) {
  std::string out = op.name;
  for (const model::ArgSpec& a : op.args) out += a.optional ? " [" + a.name + "]" : " " + a.name;
  return out;
}

// The column just after a token, for "missing ..." errors at the end of a line.
Pos after(const Token& t) {
  const int width = static_cast<int>(t.text.size()) + (t.kind == Token::Kind::String ? 2 : 0);
  return {t.pos.line, t.pos.col + width};
}

std::string spelled(const Token& t) {
  return t.kind == Token::Kind::String ? "\"" + t.text + "\"" : t.text;
}

}  // namespace

void ParserState::operation(const Line& l) {
  ++op_lines_;
  if (block_ == Block::Thread) ++thread_lines_.back();
  if (model_error_) return;  // the model is unknown: its operations cannot be checked
  const Token& head = l.tokens[0];
  if (s_.model == nullptr) {
    (void)need_model(head);
    return;
  }
  const int index = s_.model->find_op(head.text);
  if (index < 0) {
    std::vector<std::string> names;
    for (const model::OpSpec& o : s_.model->ops) names.push_back(o.name);
    diags_.error(head.pos, "unknown operation '" + head.text + "' of model " + s_.model->name +
                               did_you_mean(head.text, names) + " (see 'kmc list --ops')");
    return;
  }
  const model::OpSpec& spec = s_.model->ops[index];
  Operation op;
  op.op = index;
  op.pos = head.pos;
  op.where = std::filesystem::path(file_).filename().string() + ":" + std::to_string(head.pos.line);
  std::size_t arrow = 1;
  while (arrow < l.tokens.size() && l.tokens[arrow].kind != Token::Kind::Arrow) ++arrow;
  const std::size_t given = arrow - 1;
  bool ok = true;
  if (given > spec.args.size()) {
    diags_.error(l.tokens[1 + spec.args.size()].pos,
                 "too many arguments: '" + spec.name + "' takes " +
                     std::to_string(spec.args.size()) + " (usage: " + usage(spec) + ")");
    ok = false;
  }
  for (std::size_t k = 0; k < spec.args.size() && ok; ++k) {
    Arg arg;
    if (k < given) {
      const Token& t = l.tokens[1 + k];
      ok = parse_arg(spec.args[k], t, arg) && ok;
      if (ok && arg.source == Arg::Source::Constant && spec.args[k].kind != model::ArgKind::Name)
        ok = check_range(spec.args[k], spec.name, t, arg.value);
    } else if (spec.args[k].optional) {
      arg.value = spec.args[k].fallback;
    } else {
      diags_.error(after(l.tokens[arrow - 1]), "missing argument '" + spec.args[k].name + "' (" +
                                                   kind_name(spec.args[k].kind) + ") of '" +
                                                   spec.name + "' (usage: " + usage(spec) + ")");
      ok = false;
    }
    op.args.push_back(arg);
  }
  if (arrow < l.tokens.size()) {
    if (arrow + 1 == l.tokens.size()) {
      diags_.error(after(l.tokens[arrow]), "expected a result name after '->'");
      ok = false;
    } else {
      ok = bind_result(l.tokens[arrow + 1], op) && ok;
      if (arrow + 2 < l.tokens.size()) {
        diags_.error(l.tokens[arrow + 2].pos,
                     "unexpected '" + l.tokens[arrow + 2].text + "' after the result name");
        ok = false;
      }
    }
  }
  for (const Token& t : l.tokens) {
    if (!op.text.empty()) op.text += ' ';
    op.text += spelled(t);
  }
  if (!ok) return;
  if (block_ == Block::Setup)
    s_.setup.push_back(std::move(op));
  else
    s_.threads.back().ops.push_back(std::move(op));
}

bool ParserState::parse_arg(const model::ArgSpec& spec, const Token& t, Arg& out) {
  const std::string expected = "argument '" + spec.name + "': expected " + kind_name(spec.kind);
  if (spec.kind != model::ArgKind::Name && !unquoted(t)) return false;
  switch (spec.kind) {
    case model::ArgKind::Int:
      if (t.kind == Token::Kind::Word && parse_integer(t.text, out.value)) return true;
      diags_.error(t.pos, expected + ", found '" + spelled(t) + "'");
      return false;
    case model::ArgKind::Ref:
      if (t.kind == Token::Kind::Word) return parse_ref(t, out);
      diags_.error(t.pos, expected + ", found '" + spelled(t) + "'");
      return false;
    case model::ArgKind::Name: {
      if (t.kind != Token::Kind::String && (t.kind != Token::Kind::Word || t.text[0] != '/')) {
        diags_.error(t.pos, expected + ", found '" + spelled(t) + "'");
        return false;
      }
      const auto it = std::find(s_.strings.begin(), s_.strings.end(), t.text);
      out.value = it - s_.strings.begin();
      if (it == s_.strings.end()) s_.strings.push_back(t.text);
      return true;
    }
    case model::ArgKind::Flags:
      if (t.kind == Token::Kind::Word) return parse_flags(t, out.value);
      diags_.error(t.pos, expected + ", found '" + spelled(t) + "'");
      return false;
  }
  return false;
}

bool ParserState::parse_ref(const Token& t, Arg& out) {
  if (parse_integer(t.text, out.value)) return true;
  if (!is_identifier(t.text)) {
    diags_.error(t.pos, "expected an integer or a result name, found '" + t.text + "'");
    return false;
  }
  if (const int r = find_result(t.text); r >= 0) {
    const ResultSpec& rs = s_.results[r];
    const int here = block_ == Block::Thread ? static_cast<int>(s_.threads.size()) - 1 : -1;
    if (rs.thread != -1 && rs.thread != here) {
      diags_.error(t.pos,
                   "'" + t.text + "' is bound by thread " + s_.threads[rs.thread].name + " (line " +
                       std::to_string(rs.pos.line) +
                       "): a thread may use only its own earlier results and those of setup");
      return false;
    }
    out.source = Arg::Source::Result;
    out.value = r;
    return true;
  }
  if (const int p = find_process(t.text); p >= 0) {
    out.source = Arg::Source::Process;
    out.value = p;
    return true;
  }
  std::vector<std::string> names;
  for (const ResultSpec& rs : s_.results) names.push_back(rs.name);
  for (const std::string& p : s_.processes) names.push_back(p);
  diags_.error(t.pos, "unknown name '" + t.text +
                          "': not a result bound earlier ('-> NAME') or a declared process" +
                          did_you_mean(t.text, names));
  return false;
}

bool ParserState::parse_flags(const Token& t, Value& out) {
  out = 0;
  std::size_t start = 0;
  std::vector<std::string> names;
  for (const auto& [name, value] : s_.model->symbols) names.push_back(name);
  while (true) {
    std::size_t bar = t.text.find('|', start);
    if (bar == std::string::npos) bar = t.text.size();
    const std::string part = t.text.substr(start, bar - start);
    const Pos pos{t.pos.line, t.pos.col + static_cast<int>(start)};
    Value v = 0;
    bool found = parse_integer(part, v);
    for (const auto& [name, value] : s_.model->symbols)
      if (!found && name == part) {
        v = value;
        found = true;
      }
    if (!found) {
      diags_.error(pos, part.empty() ? "expected a flag name before '|'"
                                     : "unknown flag '" + part + "' of model " + s_.model->name +
                                           " (flags: " + join_names(names) + ")" +
                                           did_you_mean(part, names));
      return false;
    }
    out |= v;
    if (bar == t.text.size()) return true;
    start = bar + 1;
  }
}

bool ParserState::check_range(const model::ArgSpec& spec, const std::string& op, const Token& t,
                              Value v) {
  if (v < spec.min || v > spec.max) {
    diags_.error(
        t.pos, "argument '" + spec.name + "' of '" + op + "': " + t.text + " is out of range [" +
                   std::to_string(spec.min) + ", " +
                   (spec.below_param.empty() ? std::to_string(spec.max) : spec.below_param + "-1") +
                   "]");
    return false;
  }
  if (!spec.below_param.empty()) ranges_.push_back({&spec, op, v, t.pos});
  return true;
}

void ParserState::check_param_ranges() {
  for (const RangeCheck& r : ranges_) {
    const auto it = s_.config.params.find(r.spec->below_param);
    if (it == s_.config.params.end() || r.value < it->second) continue;
    diags_.error(r.pos, "argument '" + r.spec->name + "' of '" + r.op +
                            "': " + std::to_string(r.value) + " is out of range [" +
                            std::to_string(r.spec->min) + ", " + std::to_string(it->second - 1) +
                            "] (" + r.spec->below_param + "=" + std::to_string(it->second) +
                            "; raise it with 'config " + r.spec->below_param + "=N')");
  }
}

bool ParserState::unquoted(const Token& t) {
  if (t.kind != Token::Kind::String) return true;
  diags_.error(t.pos, "unexpected quoted string \"" + t.text +
                          "\": quotes are only for Name arguments (such as semaphore names); "
                          "write '" +
                          t.text + "' without quotes");
  return false;
}

bool ParserState::bind_result(const Token& t, Operation& op) {
  if (!unquoted(t)) return false;
  if (!identifier(t, "a result name") || name_taken(t.text, t.pos)) return false;
  const int thread = block_ == Block::Thread ? static_cast<int>(s_.threads.size()) - 1 : -1;
  op.result = static_cast<int>(s_.results.size());
  s_.results.push_back({t.text, thread, t.pos});
  return true;
}

void ParserState::resolve_placements() {
  for (const Pending& p : placements_) {
    ThreadSpec& t = s_.threads[p.thread];
    if (const int proc = find_process(p.name); proc >= 0) {
      t.in = {Placement::Kind::Process, proc};
    } else if (const int r = find_result(p.name); r >= 0) {
      if (s_.results[r].thread == p.thread)
        diags_.error(p.pos, "thread " + t.name + " cannot run in '" + p.name +
                                "': it is bound by the thread's own operation");
      t.in = {Placement::Kind::Result, r};
    } else {
      diags_.error(p.pos, "unknown process '" + p.name + "': declare it with 'process " + p.name +
                              "' or bind it with an operation ('fork -> " + p.name + "')");
    }
  }
  for (const Pending& a : allowed_) {
    bool found = false;
    for (ThreadSpec& t : s_.threads)
      if (t.name == a.name) t.allow_blocked = found = true;
    if (!found) {
      std::vector<std::string> names;
      for (const ThreadSpec& t : s_.threads) names.push_back(t.name);
      diags_.error(a.pos, "unknown thread '" + a.name + "' in 'allow blocked'" +
                              did_you_mean(a.name, names));
    }
  }
}

void ParserState::check_wait_cycles() {
  // Each thread waits for at most one other (the binder of its process), so a cycle is found by
  // following the chain for at most as many steps as there are threads.
  const auto waits_for = [&](int t) {
    const Placement& in = s_.threads[t].in;
    return in.kind == Placement::Kind::Result ? s_.results[in.index].thread : -1;
  };
  for (std::size_t t = 0; t < s_.threads.size(); ++t) {
    int u = waits_for(static_cast<int>(t));
    for (std::size_t step = 0; u >= 0 && u != static_cast<int>(t) && step < s_.threads.size();
         ++step)
      u = waits_for(u);
    if (u == static_cast<int>(t) && waits_for(u) != u)
      diags_.error(s_.threads[t].pos, "thread " + s_.threads[t].name +
                                          " can never start: its process is bound by a thread "
                                          "that waits, directly or not, for " +
                                          s_.threads[t].name);
  }
}

std::optional<Scenario> ParserState::finish(int last_line) {
  if (!model_line_) diags_.error({1, 1}, "missing 'model NAME' line");
  if (!expect_seen_)
    diags_.error({last_line, 1}, "missing 'expect pass' or 'expect violation KIND...' line");
  if (op_lines_ == 0 && s_.threads.empty())
    diags_.error({last_line, 1}, "the scenario has no operations (add 'setup' or 'thread NAME')");
  for (std::size_t t = 0; t < s_.threads.size(); ++t)
    if (thread_lines_[t] == 0)
      diags_.error(s_.threads[t].pos, "thread " + s_.threads[t].name + " has no operations");
  resolve_placements();
  check_wait_cycles();
  check_param_ranges();
  if (!diags_.empty()) return std::nullopt;
  s_.name = std::filesystem::path(file_).stem().string();
  s_.description = description;
  return std::move(s_);
}

}  // namespace kmc::scenario::detail
