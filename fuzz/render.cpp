#include "fuzz/render.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "fuzz/config.hpp"
#include "fuzz/protocol.hpp"
#include "fuzz/symbols.hpp"

namespace kmc::fuzz {
namespace {

// Ops that end the calling process, or replace its image: the models require that no other
// thread of the process is inside a call (a breach is a harness error, not a finding).
bool ends_process(const model::OpSpec& op) {
  return op.name == "exit";
}
bool process_wide(const model::OpSpec& op) {
  return op.name == "exit" || op.name == "exec";
}

std::size_t wrap(int v, std::size_t n) {
  return static_cast<std::size_t>(std::abs(v)) % n;
}

struct Named {
  std::string name;
  Res type = Res::None;
};

// What one thread (or setup) has bound and holds while its operations are rendered.
struct ThreadCtx {
  std::vector<Named> scope;  // names it may use: setup's plain values, processes, its own results
  std::vector<Named> held;   // resources it acquired and has not released yet, oldest first
};

bool fits(Res want, Res have) {
  switch (want) {
    case Res::AnyFile:
    case Res::FileOr0:
      return have == Res::File || have == Res::Borrow;
    case Res::FilesOr0:
      return have == Res::Files;
    case Res::Fd:
    case Res::FdNum:
      return have == Res::Fd || have == Res::Kq;
    case Res::Ident:
      return have == Res::Fd || have == Res::Kq || have == Res::Pid;
    default:
      return want == have;
  }
}

class Renderer {
 public:
  Renderer(const model::ModelDescriptor& m, const RawScenario& raw)
      : m_(m), p_(protocol_of(m)), raw_(raw) {}

  std::string run(const RenderOptions& o) {
    std::string out;
    for (const std::string& c : o.comments) out += "# " + c + "\n";
    out += "model " + m_.name + "\n";
    choose_config();
    std::string head;
    for (const std::string& v : o.variants) head += "variant " + v + "\n";
    for (const std::string& v : variants_)
      if (std::find(o.variants.begin(), o.variants.end(), v) == o.variants.end())
        head += "variant " + v + "\n";
    if (!options_.empty()) {
      head += "option";
      for (const std::string& opt : options_) head += " " + opt;
      head += "\n";
    }
    for (int p = 0; p < std::clamp(raw_.processes, 0, 3); ++p) {
      const std::string name = "P" + std::to_string(p + 2);
      head += "process " + name + "\n";
      processes_.push_back(name);
    }
    setup();
    std::string body = threads();
    if (shown_ == 0) body += fallback_thread();
    const std::string setup_text = setup_.empty() ? "" : "setup\n" + setup_;
    out += config_line() + head + setup_text + body;
    for (const std::string& t : allowed_) out += "allow blocked " + t + "\n";
    out += "expect " + o.expect + "\n";
    return out;
  }

 private:
  // Each setting's choice (config.hpp): a parameter's value (default for 0), an option, a
  // variant. What the fd layer's scale needs is fixed up after.
  void choose_config() {
    const std::vector<Setting> space = config_space(m_);
    for (std::size_t i = 0; i < raw_.config.size() && i < space.size(); ++i) {
      if (raw_.config[i] == 0) continue;
      const Setting& st = space[i];
      switch (st.kind) {
        case Setting::Kind::Param:
          chosen_[i] = setting_value(st, raw_.config[i]);  // setting i is parameter i
          break;
        case Setting::Kind::Option:
          options_.push_back(st.name);
          break;
        case Setting::Kind::Variant:
          variants_.push_back(st.name);
          break;
      }
    }
    scale_domain();
  }

  // The fd layer's scale (spec §2.1): W = BITS_PER_LONG a power of two, sysctl_nr_open 4W..8W
  // and a multiple of W, RLIMIT_NOFILE at most sysctl_nr_open (setrlimit refuses more).
  void scale_domain() {
    const auto index = [&](const std::string& name) -> std::optional<std::size_t> {
      for (std::size_t i = 0; i < m_.params.size(); ++i)
        if (m_.params[i].name == name) return i;
      return std::nullopt;
    };
    const auto wi = index("W");
    const auto ni = index("nr_open");
    if (!wi || !ni) return;
    Value w = param("W");
    Value pow2 = 1;
    while (pow2 * 2 <= w) pow2 *= 2;
    w = std::min<Value>(pow2, 8);
    if (w != m_.params[*wi].fallback || chosen_.count(*wi) != 0) chosen_[*wi] = w;
    // A value outside 4W..8W (the descriptor's small values, or the default with another W) is
    // folded into it, so each choice still gives a table size of its own.
    Value n = param("nr_open");
    n = n >= 4 * w && n <= 8 * w ? n - n % w : 4 * w + w * ((n - m_.params[*ni].min) % 5);
    if (n != m_.params[*ni].fallback || chosen_.count(*ni) != 0) chosen_[*ni] = n;
    if (const auto ri = index("rlimit"); ri && param("rlimit") > n) chosen_[*ri] = n;
  }

  [[nodiscard]] Value param(const std::string& name) const {
    for (std::size_t i = 0; i < m_.params.size(); ++i)
      if (m_.params[i].name == name) {
        auto it = chosen_.find(i);
        return it != chosen_.end() ? it->second : m_.params[i].fallback;
      }
    return 0;
  }

  void raise_param(const std::string& name, Value at_least) {
    for (std::size_t i = 0; i < m_.params.size(); ++i) {
      if (m_.params[i].name != name) continue;
      const Value now = param(name);
      if (name == "rlimit" && now == 0) return;  // 0: equal to nr_open
      if (now < at_least) chosen_[i] = std::min<Value>(m_.params[i].max, at_least);
    }
  }

  std::string config_line() {
    // alloc_fd must succeed for its fd to be installed or put back (a scenario cannot branch on
    // a result): give the table room for every fd the scenario could create at once, above the
    // largest start alloc_fd takes (Small: at most 4).
    if (allocs_ > 0) {
      const Value w = std::max<Value>(1, param("W"));
      Value need = ops_ + 6;
      need += (w - need % w) % w;  // nr_open stays a multiple of W
      raise_param("nr_open", need);
      raise_param("rlimit", need);
    }
    if (chosen_.empty()) return "";
    std::string line = "config";
    for (const auto& [i, v] : chosen_) line += " " + m_.params[i].name + "=" + std::to_string(v);
    return line + "\n";
  }

  void setup() {
    ThreadCtx ctx;
    for (const std::string& p : processes_) ctx.scope.push_back({p, Res::Pid});
    for (std::size_t k = 0; k < raw_.setup.size(); ++k) {
      const RawOp& r = raw_.setup[k];
      const int opi = static_cast<int>(wrap(r.op, m_.ops.size()));
      const model::OpSpec& op = m_.ops[static_cast<std::size_t>(opi)];
      if (op.may_block || ends_process(op)) continue;  // setup must finish, in process 1
      const std::string name = "s" + std::to_string(k);
      if (!emit(ctx, opi, r, name, setup_)) continue;
      if (p_.rule(opi).result == Res::Pid) forked_.push_back(name);
    }
    release_all(ctx, setup_);
    // The threads see setup's plain values (a resource belongs to the thread that holds it).
    for (const Named& n : ctx.scope)
      if (!is_resource(n.type) && n.name[0] == 's') setup_names_.push_back(n);
  }

  // Where each thread runs: a declared process, or one that setup or an earlier thread forked
  // (never a later one, so no thread waits for itself). With one task per thread (fd), a thread
  // that would share a task gets a sibling task of process 1 (clone_thread in setup) instead.
  std::vector<std::string> placements() {
    std::vector<std::string> where(raw_.threads.size());
    std::set<std::string> used;
    int siblings = 0;
    for (std::size_t t = 0; t < raw_.threads.size(); ++t) {
      const RawThread& rt = raw_.threads[t];
      std::vector<std::string> scope = processes_;
      for (const std::string& name : forked_) scope.push_back(name);
      if (rt.where > 0 && !scope.empty()) where[t] = scope[wrap(rt.where - 1, scope.size())];
      if (p_.one_thread_per_task && used.count(where[t]) != 0) {
        const std::string sib = "c" + std::to_string(++siblings);
        setup_ += "  " + p_.sibling_op + " -> " + sib + "\n";
        ++ops_;
        where[t] = sib;
      }
      used.insert(where[t]);
      // forks by this thread become placeable for later threads (up to an exit, after which
      // the thread's operations are cut, and up to an operation that may block for good: a
      // thread waiting for a fork its parent never reaches would end blocked on the placement)
      for (std::size_t k = 0; k < rt.ops.size(); ++k) {
        const int opi = static_cast<int>(wrap(rt.ops[k].op, m_.ops.size()));
        const model::OpSpec& op = m_.ops[static_cast<std::size_t>(opi)];
        if (ends_process(op) || op.may_block) break;
        if (p_.rule(opi).result == Res::Pid && op.args.empty())
          forked_.push_back("r" + std::to_string(t) + "_" + std::to_string(k));
      }
    }
    return where;
  }

  std::string threads() {
    const std::vector<std::string> where = placements();
    std::map<std::string, int> per_process;
    for (const std::string& w : where) ++per_process[w];
    std::string out;
    int& shown = shown_;
    for (std::size_t t = 0; t < raw_.threads.size(); ++t) {
      const RawThread& rt = raw_.threads[t];
      const bool alone = per_process[where[t]] == 1;
      ThreadCtx ctx;
      ctx.scope = setup_names_;
      for (const std::string& p : processes_) ctx.scope.push_back({p, Res::Pid});
      std::string body;
      bool blocks = false;
      for (std::size_t k = 0; k < rt.ops.size(); ++k) {
        const int opi = static_cast<int>(wrap(rt.ops[k].op, m_.ops.size()));
        const model::OpSpec& op = m_.ops[static_cast<std::size_t>(opi)];
        if ((process_wide(op) || p_.rule(opi).alone) && !alone) continue;
        const std::string name = "r" + std::to_string(t) + "_" + std::to_string(k);
        if (!emit(ctx, opi, rt.ops[k], name, body)) continue;
        blocks = blocks || op.may_block;
        if (ends_process(op)) break;  // nothing runs in a process after its exit
      }
      release_all(ctx, body);
      if (body.empty()) continue;  // a thread needs an operation; its binds were not used
      const std::string tname = "T" + std::to_string(++shown);
      out += "thread " + tname + (where[t].empty() ? "" : " in " + where[t]) + "\n" + body;
      if (blocks) allowed_.push_back(tname);
    }
    return out;
  }

  // A scenario needs one operation: the first that takes no required argument and cannot block.
  std::string fallback_thread() {
    for (const model::OpSpec& op : m_.ops) {
      const bool plain = std::all_of(op.args.begin(), op.args.end(),
                                     [](const model::ArgSpec& a) { return a.optional; });
      if (plain && !op.may_block && !process_wide(op)) return "thread T1\n  " + op.name + "\n";
    }
    return "thread T1\n  " + m_.ops.front().name + "\n";
  }

  // Releases what `ctx` still holds, newest first (the thread's calls end in order).
  void release_all(ThreadCtx& ctx, std::string& out) {
    while (!ctx.held.empty()) {
      const Named n = ctx.held.back();
      ctx.held.pop_back();
      const int rel = p_.releaser(n.type);
      if (rel < 0) continue;
      out += "  " + m_.ops[static_cast<std::size_t>(rel)].name + " " + n.name + "\n";
      ++ops_;
    }
  }

  // Releases every held resource of kind `kind` (Borrow, Larval).
  void release_kind(ThreadCtx& ctx, std::string& out, Res kind) {
    for (std::size_t i = ctx.held.size(); i-- > 0;) {
      if (ctx.held[i].type != kind) continue;
      const int rel = p_.releaser(kind);
      out += "  " + m_.ops[static_cast<std::size_t>(rel)].name + " " + ctx.held[i].name + "\n";
      ++ops_;
      ctx.held.erase(ctx.held.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }

  // Renders op `opi` into `out` as `name`; false if its contract cannot be met here (an argument
  // needs a resource the thread does not hold), in which case nothing is written.
  bool emit(ThreadCtx& ctx, int opi, const RawOp& r, const std::string& name, std::string& out) {
    const model::OpSpec& op = m_.ops[static_cast<std::size_t>(opi)];
    const OpRule& rule = p_.rule(opi);
    if (rule.task) release_all(ctx, out);  // no call of the task is in progress across it
    // fget_light's pointer is good only inside the one system call that took it: the task makes
    // no other call before fput_light (R564-570), so anything but a use of it ends the borrow.
    const bool borrow_op = !rule.args.empty() &&
                           (rule.args[0].type == Res::AnyFile || rule.args[0].type == Res::Borrow);
    if (!borrow_op) release_kind(ctx, out, Res::Borrow);
    if (rule.table) release_kind(ctx, out, Res::Larval);
    std::size_t trailing = 0;
    while (trailing < op.args.size() && op.args[op.args.size() - 1 - trailing].optional) ++trailing;
    const std::size_t keep = op.args.size() - std::min<std::size_t>(trailing, std::max(r.omit, 0));
    std::string line = op.name;
    std::vector<std::string> released;
    for (std::size_t a = 0; a < keep; ++a) {
      const RawArg arg = a < r.args.size() ? r.args[a] : RawArg{};
      const ArgRule ar = a < rule.args.size() ? rule.args[a] : ArgRule{};
      std::optional<std::string> text = argument(op.args[a], ar, arg, ctx, released);
      if (!text) return false;
      line += " " + *text;
    }
    for (const std::string& rel : released)
      ctx.held.erase(std::find_if(ctx.held.begin(), ctx.held.end(),
                                  [&](const Named& n) { return n.name == rel; }));
    out += "  " + line + " -> " + name + "\n";
    ++ops_;
    if (op.name == "alloc_fd") ++allocs_;
    if (is_resource(rule.result)) {
      ctx.held.push_back({name, rule.result});
    } else {
      ctx.scope.push_back({name, rule.result});
    }
    return true;
  }

  // A held resource of type `want` (not already released by this call), by `pick`.
  static std::optional<std::string> held(const ThreadCtx& ctx, Res want, int pick,
                                         const std::vector<std::string>& released) {
    std::vector<std::string> fit;
    for (const Named& n : ctx.held)
      if (fits(want, n.type) &&
          std::find(released.begin(), released.end(), n.name) == released.end())
        fit.push_back(n.name);
    if (fit.empty()) return std::nullopt;
    return fit[wrap(pick, fit.size())];
  }

  static std::optional<std::string> named(const ThreadCtx& ctx, Res want, int pick) {
    std::vector<std::string> fit;
    for (const Named& n : ctx.scope)
      if (fits(want, n.type)) fit.push_back(n.name);
    if (fit.empty()) return std::nullopt;
    return fit[wrap(pick, fit.size())];
  }

  std::optional<std::string> argument(const model::ArgSpec& spec, const ArgRule& rule,
                                      const RawArg& a, const ThreadCtx& ctx,
                                      std::vector<std::string>& released) const {
    const auto small = [&](int n) { return std::to_string(wrap(a.value, std::size_t(n))); };
    switch (rule.type) {
      case Res::File:
      case Res::Borrow:
      case Res::Larval:
      case Res::Files:
      case Res::AnyFile: {
        std::optional<std::string> h = held(ctx, rule.type, a.value, released);
        if (h && rule.role == Role::Release) released.push_back(*h);
        return h;
      }
      case Res::FileOr0:
      case Res::FilesOr0: {
        std::optional<std::string> h = held(ctx, rule.type, a.value, released);
        return a.literal || !h ? std::string("0") : *h;
      }
      case Res::Fd:
      case Res::Kq:
      case Res::Sem:
      case Res::Ident: {
        std::optional<std::string> n = named(ctx, rule.type, a.value);
        if (!n && rule.type == Res::Kq) n = named(ctx, Res::Fd, a.value);
        return a.literal || !n ? small(5) : *n;
      }
      case Res::FdNum: {
        std::optional<std::string> n = named(ctx, rule.type, a.value);
        return a.literal || !n ? small(std::max<int>(2, int(param("nr_open")))) : *n;
      }
      case Res::Pid: {
        std::optional<std::string> n = named(ctx, rule.type, a.value);
        return a.literal || !n ? std::string("1") : *n;
      }
      case Res::Mfile:
        return small(std::max<int>(1, int(param("nmfiles"))));
      case Res::Bool:
        return small(2);
      case Res::Signal:
        return std::to_string(1 + wrap(a.value, 9));
      case Res::Small:
        return small(5);
      case Res::Zero:
        return std::string("0");
      case Res::Ranged:
        return ranged(spec, a, ctx);
      case Res::None:
        break;
    }
    switch (spec.kind) {
      case model::ArgKind::Int:
        return std::to_string(a.value);
      case model::ArgKind::Ref: {
        std::vector<std::string> names;
        for (const Named& n : ctx.scope) names.push_back(n.name);
        if (a.literal || names.empty()) return std::to_string(a.value);
        return names[wrap(a.value, names.size())];
      }
      case model::ArgKind::Name:
        return "/s" + std::to_string(wrap(a.value, 2) + 1);
      case model::ArgKind::Flags:
        return flags_text(m_, spec, a.syms, a.value);
    }
    return "0";
  }

  // A generic rule's argument: a Name or Flags as any argument of their kind; a Ref one of the
  // thread's names or a literal; a literal inside the ArgSpec's range (below its parameter's
  // value), a few values from its low end, so the parser never refuses a generated scenario.
  std::string ranged(const model::ArgSpec& spec, const RawArg& a, const ThreadCtx& ctx) const {
    if (spec.kind == model::ArgKind::Name) return "/s" + std::to_string(wrap(a.value, 2) + 1);
    if (spec.kind == model::ArgKind::Flags) return flags_text(m_, spec, a.syms, a.value);
    if (spec.kind == model::ArgKind::Ref && !a.literal && !ctx.scope.empty())
      return ctx.scope[wrap(a.value, ctx.scope.size())].name;
    constexpr Value kLowest = std::numeric_limits<Value>::min();
    constexpr Value kWindow = 8;  // values drawn from the low end of a range
    Value hi = spec.max;
    if (!spec.below_param.empty()) hi = std::min(hi, param(spec.below_param) - 1);
    if (spec.min == kLowest && hi == std::numeric_limits<Value>::max())
      return std::to_string(a.value);
    const Value lo = spec.min != kLowest ? spec.min : hi - (kWindow - 1);
    if (hi < lo) return std::to_string(spec.optional ? spec.fallback : lo);  // an empty range
    const bool wide = lo < 0 ? hi >= lo + kWindow : hi - lo >= kWindow;  // no overflow either way
    const Value span = wide ? kWindow : hi - lo + 1;
    return std::to_string(lo + static_cast<Value>(wrap(a.value, static_cast<std::size_t>(span))));
  }

  const model::ModelDescriptor& m_;
  const Protocol& p_;
  const RawScenario& raw_;
  std::map<std::size_t, Value> chosen_;
  std::vector<std::string> options_;   // `option` words chosen
  std::vector<std::string> variants_;  // variants chosen (besides RenderOptions::variants)
  std::vector<std::string> processes_;
  std::string setup_;
  std::vector<Named> setup_names_;
  std::vector<std::string> forked_;  // pid results: setup's (s...) and threads' (r...)
  std::vector<std::string> allowed_;
  int ops_ = 0;
  int allocs_ = 0;
  int shown_ = 0;  // threads written
};

}  // namespace

std::string render_scenario(const model::ModelDescriptor& model, const RawScenario& raw,
                            const RenderOptions& options) {
  return Renderer(model, raw).run(options);
}

}  // namespace kmc::fuzz
