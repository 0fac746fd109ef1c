#include "model/scenario/parser.hpp"

#include <algorithm>

#include "model/scenario/parser_state.hpp"

namespace kmc::scenario {
namespace detail {
namespace {

const std::vector<std::string> kDirectives = {"model", "config", "variant", "option", "process",
                                              "setup", "thread", "allow",   "expect"};
const std::vector<std::string> kOptions = {"address-reuse", "fault-injection", "biglock",
                                           "early-timeouts"};
// `option early-timeouts=N`: at most this many early sleeps per thread.
constexpr Value kMaxEarlyTimeouts = 8;

std::vector<std::string> kind_names() {
  std::vector<std::string> out;
  for (int i = 0; i < kViolationKindCount; ++i)
    out.emplace_back(to_string(static_cast<ViolationKind>(i)));
  return out;
}

}  // namespace

ParserState::ParserState(const std::string& file,
                         const std::vector<const model::ModelDescriptor*>& models,
                         Diagnostics& diags)
    : file_(file), models_(models), diags_(diags) {
  s_.file = file;
}

void ParserState::line(const Line& l) {
  if (l.tokens.empty()) {
    if (!seen_directive_ && l.has_comment && !l.comment.empty())
      description += (description.empty() ? "" : " ") + l.comment;
    return;
  }
  const Token& head = l.tokens[0];
  if (head.kind == Token::Kind::Arrow) {
    diags_.error(head.pos, "expected a directive or an operation name, found '->'");
    return;
  }
  if (!unquoted(head)) return;
  const std::string& w = head.text;
  const bool directive = std::find(kDirectives.begin(), kDirectives.end(), w) != kDirectives.end();
  if (directive) {
    // Directives take no quoted words (the one rule, ParserState::unquoted): each is reported,
    // then read as the word it quotes, so that the line gives no second error for it.
    Line words = l;
    bool quoted = false;
    for (std::size_t i = 1; i < words.tokens.size(); ++i)
      if (!unquoted(words.tokens[i])) {
        words.tokens[i].kind = Token::Kind::Word;
        quoted = true;
      }
    if (quoted) return dispatch(words);
  }
  dispatch(l);
}

void ParserState::dispatch(const Line& l) {
  const Token& head = l.tokens[0];
  const std::string& w = head.text;
  const bool directive = std::find(kDirectives.begin(), kDirectives.end(), w) != kDirectives.end();
  if (directive && w != "model" && !model_line_ && !seen_directive_) {
    diags_.error(head.pos, "expected 'model NAME' as the first directive, found '" + w + "'");
    model_error_ = true;
  }
  seen_directive_ = true;
  if (w == "model") return directive_model(l);
  if (w == "config") return directive_config(l);
  if (w == "variant") return directive_variant(l);
  if (w == "option") return directive_option(l);
  if (w == "process") return directive_process(l);
  if (w == "setup") return directive_setup(l);
  if (w == "thread") return directive_thread(l);
  if (w == "allow") return directive_allow(l);
  if (w == "expect") return directive_expect(l);
  if (block_ == Block::None) {
    if (!model_line_) {
      diags_.error(head.pos, "expected 'model NAME' as the first directive, found '" + w + "'");
      model_error_ = true;
      model_line_ = true;  // say it once
      return;
    }
    diags_.error(head.pos, "expected a directive (" + join_names(kDirectives) + "), found '" + w +
                               "'" + did_you_mean(w, kDirectives) +
                               " (operations belong under 'setup' or 'thread NAME')");
    return;
  }
  operation(l);
}

bool ParserState::need_model(const Token& t) {
  if (model_error_) return false;
  if (s_.model == nullptr) {
    diags_.error(t.pos, "'" + t.text + "' needs a 'model NAME' line before it");
    model_error_ = true;
    return false;
  }
  return true;
}

bool ParserState::identifier(const Token& t, const char* what) {
  if (t.kind == Token::Kind::Word && is_identifier(t.text)) return true;
  diags_.error(t.pos, std::string("expected ") + what +
                          " (letters, digits and '_', not starting with a digit), found '" +
                          t.text + "'");
  return false;
}

int ParserState::find_result(const std::string& name) const {
  for (std::size_t i = 0; i < s_.results.size(); ++i)
    if (s_.results[i].name == name) return static_cast<int>(i);
  return -1;
}

int ParserState::find_process(const std::string& name) const {
  for (std::size_t i = 0; i < s_.processes.size(); ++i)
    if (s_.processes[i] == name) return static_cast<int>(i);
  return -1;
}

bool ParserState::name_taken(const std::string& name, Pos pos) {
  if (find_process(name) >= 0) {
    diags_.error(pos, "'" + name + "' is already the name of a process");
    return true;
  }
  if (const int r = find_result(name); r >= 0) {
    const Pos p = s_.results[r].pos;
    diags_.error(pos, "'" + name + "' is already bound at line " + std::to_string(p.line) +
                          " (names are bound once per scenario)");
    return true;
  }
  return false;
}

void ParserState::directive_model(const Line& l) {
  const Token& head = l.tokens[0];
  if (model_line_ && s_.model != nullptr) {
    diags_.error(head.pos, "duplicate 'model' line (the first is at line " +
                               std::to_string(model_pos_.line) + ")");
    return;
  }
  model_line_ = true;
  model_pos_ = head.pos;
  if (l.tokens.size() < 2) {
    diags_.error({head.pos.line, head.pos.col + 5}, "expected a model name after 'model'");
    model_error_ = true;
    return;
  }
  const Token& name = l.tokens[1];
  std::vector<std::string> known;
  for (const model::ModelDescriptor* m : models_) {
    known.push_back(m->name);
    if (m->name == name.text && name.kind == Token::Kind::Word) s_.model = m;
  }
  if (s_.model == nullptr) {
    diags_.error(name.pos, "unknown model '" + name.text + "' (known models: " + join_names(known) +
                               ")" + did_you_mean(name.text, known));
    model_error_ = true;
    return;
  }
  for (const model::ParamSpec& p : s_.model->params) s_.config.params[p.name] = p.fallback;
  if (l.tokens.size() > 2)
    diags_.error(l.tokens[2].pos, "unexpected '" + l.tokens[2].text + "' after the model name");
}

void ParserState::directive_config(const Line& l) {
  if (!need_model(l.tokens[0])) return;
  if (l.tokens.size() < 2) {
    diags_.error(l.tokens[0].pos, "expected KEY=VALUE after 'config'");
    return;
  }
  std::vector<std::string> names;
  for (const model::ParamSpec& p : s_.model->params) names.push_back(p.name);
  for (std::size_t i = 1; i < l.tokens.size(); ++i) {
    const Token& t = l.tokens[i];
    const std::size_t eq = t.text.find('=');
    if (t.kind != Token::Kind::Word || eq == std::string::npos || eq == 0) {
      diags_.error(t.pos, "expected KEY=VALUE, found '" + t.text + "'");
      continue;
    }
    const std::string key = t.text.substr(0, eq);
    const std::string value = t.text.substr(eq + 1);
    const model::ParamSpec* p = s_.model->find_param(key);
    if (p == nullptr) {
      diags_.error(t.pos, "unknown parameter '" + key + "' of model " + s_.model->name +
                              " (parameters: " + join_names(names) + ")" +
                              did_you_mean(key, names));
      continue;
    }
    const Pos vpos{t.pos.line, t.pos.col + static_cast<int>(eq) + 1};
    Value v = 0;
    if (!parse_integer(value, v)) {
      diags_.error(vpos, "expected an integer value for '" + key + "', found '" + value + "'");
      continue;
    }
    const bool bounded = p->min <= p->max && !(p->min == 0 && p->max == 0);
    if (bounded && (v < p->min || v > p->max)) {
      diags_.error(vpos, key + "=" + value + " is out of range: " + key + " must be in [" +
                             std::to_string(p->min) + ", " + std::to_string(p->max) + "]");
      continue;
    }
    if (const auto it = params_set_.find(key); it != params_set_.end()) {
      diags_.error(t.pos, "parameter '" + key + "' is set twice (first at line " +
                              std::to_string(it->second.line) + ")");
      continue;
    }
    params_set_[key] = t.pos;
    s_.config.params[key] = v;
  }
}

void ParserState::directive_variant(const Line& l) {
  if (!need_model(l.tokens[0])) return;
  if (l.tokens.size() < 2) diags_.error(l.tokens[0].pos, "expected a variant name after 'variant'");
  std::vector<std::string> names;
  for (const model::VariantSpec& v : s_.model->variants) names.push_back(v.name);
  for (std::size_t i = 1; i < l.tokens.size(); ++i) {
    const Token& t = l.tokens[i];
    if (t.kind != Token::Kind::Word || !s_.model->has_variant(t.text)) {
      diags_.error(t.pos, "unknown variant '" + t.text + "' of model " + s_.model->name +
                              " (variants: " + join_names(names) + ")" +
                              did_you_mean(t.text, names));
      continue;
    }
    s_.config.variants.insert(t.text);
  }
}

void ParserState::directive_option(const Line& l) {
  if (l.tokens.size() < 2)
    diags_.error(l.tokens[0].pos, "expected an option (" + join_names(kOptions) + ")");
  for (std::size_t i = 1; i < l.tokens.size(); ++i) {
    const Token& t = l.tokens[i];
    // An option with a value (`early-timeouts=N`) is recorded by its name.
    const std::string name = t.text.substr(0, t.text.find('='));
    const bool known = t.kind == Token::Kind::Word &&
                       std::find(kOptions.begin(), kOptions.end(), name) != kOptions.end();
    if (known && std::find(s_.options.begin(), s_.options.end(), name) == s_.options.end())
      s_.options.push_back(name);
    if (t.text == "address-reuse" && t.kind == Token::Kind::Word) {
      s_.config.address_reuse = true;
    } else if (t.text == "fault-injection" && t.kind == Token::Kind::Word) {
      s_.config.fault_injection = true;
    } else if (t.text == "biglock" && t.kind == Token::Kind::Word) {
      s_.biglock = true;
    } else if (t.text.starts_with("early-timeouts") && t.kind == Token::Kind::Word) {
      option_early_timeouts(t);
    } else {
      diags_.error(t.pos, "unknown option '" + t.text + "' (options: " + join_names(kOptions) +
                              ")" + did_you_mean(t.text, kOptions));
    }
  }
}

void ParserState::option_early_timeouts(const Token& t) {
  const std::string_view rest =
      std::string_view(t.text).substr(std::string_view("early-timeouts").size());
  Value v = 1;
  if (!rest.empty() && (rest[0] != '=' || !parse_integer(std::string(rest.substr(1)), v) || v < 1 ||
                        v > kMaxEarlyTimeouts)) {
    diags_.error(t.pos, "expected early-timeouts or early-timeouts=N with N in [1, " +
                            std::to_string(kMaxEarlyTimeouts) + "], found '" + t.text + "'");
    return;
  }
  s_.early_timeouts = static_cast<std::uint32_t>(v);
}

void ParserState::directive_process(const Line& l) {
  if (block_ != Block::None || setup_seen_)
    diags_.error(l.tokens[0].pos, "'process' lines must come before 'setup' and the threads");
  if (l.tokens.size() < 2) diags_.error(l.tokens[0].pos, "expected a process name after 'process'");
  for (std::size_t i = 1; i < l.tokens.size(); ++i) {
    const Token& t = l.tokens[i];
    if (!identifier(t, "a process name") || name_taken(t.text, t.pos)) continue;
    s_.processes.push_back(t.text);
  }
}

void ParserState::directive_setup(const Line& l) {
  const Token& head = l.tokens[0];
  if (setup_seen_) {
    diags_.error(head.pos, "duplicate 'setup' (the first is at line " +
                               std::to_string(setup_pos_.line) + ")");
  } else if (!s_.threads.empty()) {
    diags_.error(head.pos, "'setup' must come before the first 'thread'");
  }
  if (l.tokens.size() > 1)
    diags_.error(l.tokens[1].pos, "unexpected '" + l.tokens[1].text +
                                      "' after 'setup' (put its operations on the next lines)");
  setup_seen_ = true;
  setup_pos_ = head.pos;
  block_ = Block::Setup;
}

void ParserState::directive_thread(const Line& l) {
  const Token& head = l.tokens[0];
  block_ = Block::Thread;
  ThreadSpec t;
  t.pos = head.pos;
  if (l.tokens.size() < 2) {
    diags_.error(head.pos, "expected a thread name after 'thread'");
    t.name = "?";
  } else {
    const Token& name = l.tokens[1];
    t.name = name.text;
    if (identifier(name, "a thread name")) {
      if (name.text == "setup") diags_.error(name.pos, "'setup' is reserved: pick another name");
      for (const ThreadSpec& other : s_.threads)
        if (other.name == name.text)
          diags_.error(name.pos, "duplicate thread '" + name.text + "' (first at line " +
                                     std::to_string(other.pos.line) + ")");
    }
    if (l.tokens.size() == 3 && l.tokens[2].text == "in") {
      diags_.error({l.tokens[2].pos.line, l.tokens[2].pos.col + 2},
                   "expected a process name after 'in'");
    } else if (l.tokens.size() >= 3 && l.tokens[2].text != "in") {
      diags_.error(l.tokens[2].pos,
                   "expected 'in PROCESS' or the end of the line after the "
                   "thread name, found '" +
                       l.tokens[2].text + "'");
    } else if (l.tokens.size() >= 4) {
      if (identifier(l.tokens[3], "a process name"))
        placements_.push_back(
            {l.tokens[3].text, l.tokens[3].pos, static_cast<int>(s_.threads.size())});
      if (l.tokens.size() > 4)
        diags_.error(l.tokens[4].pos, "unexpected '" + l.tokens[4].text + "' after the process");
    }
  }
  if (s_.threads.size() == kMaxScenarioThreads)
    diags_.error(head.pos, "too many threads: a scenario may have at most " +
                               std::to_string(kMaxScenarioThreads));
  s_.threads.push_back(std::move(t));
  thread_lines_.push_back(0);
}

void ParserState::directive_allow(const Line& l) {
  block_ = Block::None;
  if (l.tokens.size() < 2 || l.tokens[1].text != "blocked") {
    const Pos p = l.tokens.size() < 2 ? l.tokens[0].pos : l.tokens[1].pos;
    diags_.error(p, "expected 'allow blocked THREAD...'");
    return;
  }
  if (l.tokens.size() < 3)
    diags_.error(l.tokens[1].pos, "expected thread names after 'allow blocked'");
  for (std::size_t i = 2; i < l.tokens.size(); ++i)
    if (identifier(l.tokens[i], "a thread name"))
      allowed_.push_back({l.tokens[i].text, l.tokens[i].pos, -1});
}

void ParserState::directive_expect(const Line& l) {
  block_ = Block::None;
  const Token& head = l.tokens[0];
  if (expect_seen_) {
    diags_.error(head.pos, "duplicate 'expect' (the first is at line " +
                               std::to_string(s_.expect.pos.line) + ")");
    return;
  }
  expect_seen_ = true;
  s_.expect.pos = head.pos;
  if (l.tokens.size() < 2 || (l.tokens[1].text != "pass" && l.tokens[1].text != "violation")) {
    diags_.error(l.tokens.size() < 2 ? head.pos : l.tokens[1].pos,
                 "expected 'expect pass' or 'expect violation KIND...'");
    return;
  }
  if (l.tokens[1].text == "pass") {
    if (l.tokens.size() > 2)
      diags_.error(l.tokens[2].pos, "unexpected '" + l.tokens[2].text + "' after 'expect pass'");
    return;
  }
  s_.expect.violation = true;
  const std::vector<std::string> kinds = kind_names();
  if (l.tokens.size() < 3)
    diags_.error(l.tokens[1].pos, "expected at least one violation kind after 'violation' (" +
                                      join_names(kinds) + ")");
  for (std::size_t i = 2; i < l.tokens.size(); ++i) {
    ViolationKind k{};
    if (!parse_violation_kind(l.tokens[i].text, k)) {
      diags_.error(l.tokens[i].pos, "unknown violation kind '" + l.tokens[i].text +
                                        "' (kinds: " + join_names(kinds) + ")" +
                                        did_you_mean(l.tokens[i].text, kinds));
      continue;
    }
    if (std::find(s_.expect.kinds.begin(), s_.expect.kinds.end(), k) == s_.expect.kinds.end())
      s_.expect.kinds.push_back(k);
  }
  std::sort(s_.expect.kinds.begin(), s_.expect.kinds.end());
}

}  // namespace detail

const std::vector<std::string>& scenario_options() {
  return detail::kOptions;
}

ParseResult parse_scenario(std::string_view text, const std::string& file,
                           const std::vector<const model::ModelDescriptor*>& models) {
  Diagnostics diags(file);
  ParseResult result;
  if (text.size() > kMaxScenarioBytes) {
    diags.error({}, "file too large (" + std::to_string(text.size()) + " bytes; at most " +
                        std::to_string(kMaxScenarioBytes) + ")");
    result.errors = diags.take();
    return result;
  }
  const std::vector<Line> lines = lex(text, diags);
  detail::ParserState state(file, models, diags);
  int last = 1;
  for (const Line& l : lines) {
    state.line(l);
    last = l.number;
  }
  std::optional<Scenario> s = state.finish(last);
  if (diags.empty() && s) result.scenario = std::move(s);
  result.errors = diags.take();
  return result;
}

}  // namespace kmc::scenario
