// Internal to the parser: the state of one parse, shared by the directive and operation parts.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario/lexer.hpp"
#include "model/scenario/scenario.hpp"

namespace kmc::scenario::detail {

class ParserState {
 public:
  ParserState(const std::string& file, const std::vector<const model::ModelDescriptor*>& models,
              Diagnostics& diags);

  // Handles one non-empty line.
  void line(const Line& line);
  // Resolves what can only be checked at the end (thread placements, `allow blocked` names,
  // missing directives); returns the scenario when no error was found anywhere.
  [[nodiscard]] std::optional<Scenario> finish(int last_line);

  // The comment lines before the first directive.
  std::string description;

 private:
  enum class Block : std::uint8_t { None, Setup, Thread };
  struct RangeCheck {  // a literal argument whose bound is a model parameter, checked at the end
    const model::ArgSpec* spec = nullptr;
    std::string op;
    Value value = 0;
    Pos pos;
  };
  struct Pending {  // `thread T in P` and `allow blocked T`, resolved at the end
    std::string name;
    Pos pos;
    int thread = -1;
  };

  // Directives (parser.cpp). `dispatch` handles a line once its quoted words are checked.
  void dispatch(const Line& l);
  void directive_model(const Line& l);
  void directive_config(const Line& l);
  void directive_variant(const Line& l);
  void directive_option(const Line& l);
  // `early-timeouts` or `early-timeouts=N` of an option line.
  void option_early_timeouts(const Token& t);
  void directive_process(const Line& l);
  void directive_setup(const Line& l);
  void directive_thread(const Line& l);
  void directive_allow(const Line& l);
  void directive_expect(const Line& l);
  [[nodiscard]] bool need_model(const Token& t);
  void resolve_placements();
  void check_wait_cycles();

  // Operation lines (parser_ops.cpp).
  void operation(const Line& l);
  [[nodiscard]] bool parse_arg(const model::ArgSpec& spec, const Token& t, Arg& out);
  [[nodiscard]] bool parse_ref(const Token& t, Arg& out);
  [[nodiscard]] bool parse_flags(const Token& t, Value& out);
  [[nodiscard]] bool bind_result(const Token& t, Operation& op);
  // Checks a literal argument against its spec's [min, max] now and records its parameter bound
  // (ArgSpec::below_param) for the end, when the configuration is known.
  [[nodiscard]] bool check_range(const model::ArgSpec& spec, const std::string& op, const Token& t,
                                 Value v);
  void check_param_ranges();
  // The one rule for quoted strings: they are Name arguments only. Anywhere else this reports
  // the same error and returns false.
  [[nodiscard]] bool unquoted(const Token& t);

  // Helpers.
  [[nodiscard]] bool identifier(const Token& t, const char* what);
  [[nodiscard]] bool name_taken(const std::string& name, Pos pos);
  [[nodiscard]] int find_result(const std::string& name) const;
  [[nodiscard]] int find_process(const std::string& name) const;

  std::string file_;
  const std::vector<const model::ModelDescriptor*>& models_;
  Diagnostics& diags_;
  Scenario s_;
  bool seen_directive_ = false;
  bool model_line_ = false;   // a `model` line was seen (valid or not)
  bool model_error_ = false;  // no usable model: model-dependent lines are not checked
  Pos model_pos_;
  Block block_ = Block::None;
  bool setup_seen_ = false;
  Pos setup_pos_;
  bool expect_seen_ = false;
  std::map<std::string, Pos> params_set_;
  std::vector<Pending> placements_;
  std::vector<Pending> allowed_;
  std::vector<RangeCheck> ranges_;
  std::vector<int> thread_lines_;  // operation lines per thread, valid or not
  int op_lines_ = 0;               // operation lines in setup and threads, valid or not
};

// True for [A-Za-z_][A-Za-z0-9_]*.
[[nodiscard]] bool is_identifier(const std::string& s);
// Parses a decimal (optionally negative) or 0x-hexadecimal integer; false on anything else.
[[nodiscard]] bool parse_integer(const std::string& s, Value& out);

}  // namespace kmc::scenario::detail
