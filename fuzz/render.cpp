#include "fuzz/render.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>

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

// Ops whose result is a new process (fork, clone_thread): threads may be placed in it.
bool returns_pid(const model::OpSpec& op) {
  return op.args.empty() && op.doc.find("pid") != std::string::npos;
}

std::size_t wrap(int v, std::size_t n) {
  return static_cast<std::size_t>(std::abs(v)) % n;
}

class Renderer {
 public:
  Renderer(const model::ModelDescriptor& m, const RawScenario& raw) : m_(m), raw_(raw) {}

  std::string run(const RenderOptions& o) {
    std::string out;
    for (const std::string& c : o.comments) out += "# " + c + "\n";
    out += "model " + m_.name + "\n";
    out += config_line();
    for (const std::string& v : o.variants) out += "variant " + v + "\n";
    for (int p = 0; p < std::clamp(raw_.processes, 0, 3); ++p) {
      const std::string name = "P" + std::to_string(p + 2);
      out += "process " + name + "\n";
      processes_.push_back(name);
    }
    std::string body = setup();
    body += threads();
    if (ops_ == 0) body += fallback_thread();
    out += body;
    for (const std::string& t : allowed_) out += "allow blocked " + t + "\n";
    out += "expect " + o.expect + "\n";
    return out;
  }

 private:
  std::string config_line() const {
    std::map<std::size_t, Value> chosen;
    for (const auto& [pi, v] : raw_.params) {
      if (m_.params.empty()) break;
      const std::size_t i = wrap(pi, m_.params.size());
      const model::ParamSpec& p = m_.params[i];
      // 0..1 switches are check selections, and a panic limit is a knob for a different
      // question: fuzz only the scale parameters, biased to small values.
      if (p.max - p.min < 2 || p.doc.find("panic") != std::string::npos) continue;
      Value value = std::min<Value>(p.max, p.min + std::abs(v));
      if (p.doc.find("power of two") != std::string::npos) {
        Value pow2 = 1;
        while (pow2 * 2 <= value) pow2 *= 2;
        value = std::max<Value>(pow2, p.min);
      }
      chosen[i] = value;
    }
    if (chosen.empty()) return "";
    std::string line = "config";
    for (const auto& [i, v] : chosen) line += " " + m_.params[i].name + "=" + std::to_string(v);
    return line + "\n";
  }

  std::string setup() {
    std::string out;
    for (std::size_t k = 0; k < raw_.setup.size(); ++k) {
      const RawOp& r = raw_.setup[k];
      const model::OpSpec& op = m_.ops[wrap(r.op, m_.ops.size())];
      if (op.may_block || ends_process(op)) continue;  // setup must finish, in process 1
      const std::string name = "s" + std::to_string(k);
      out += "  " + call(op, r, setup_names_) + " -> " + name + "\n";
      setup_names_.push_back(name);
      if (returns_pid(op)) forked_.push_back({name, -1});
      ++ops_;
    }
    return out.empty() ? out : "setup\n" + out;
  }

  std::string threads() {
    // Where each thread runs: a declared process, or one that setup or an earlier thread forked
    // (never a later one, so no thread waits for itself).
    std::vector<std::string> where(raw_.threads.size());
    std::map<std::string, int> per_process;
    std::vector<std::vector<std::string>> names(raw_.threads.size());
    std::string out;
    int shown = 0;
    for (std::size_t t = 0; t < raw_.threads.size(); ++t) {
      const RawThread& rt = raw_.threads[t];
      std::vector<std::string> scope = processes_;
      for (const auto& [name, thread] : forked_) scope.push_back(name);
      if (rt.where > 0 && !scope.empty()) where[t] = scope[wrap(rt.where - 1, scope.size())];
      ++per_process[where[t]];
      // forks by this thread become placeable for later threads
      // (up to an exit, after which the thread's operations are cut)
      for (std::size_t k = 0; k < rt.ops.size(); ++k) {
        const model::OpSpec& op = m_.ops[wrap(rt.ops[k].op, m_.ops.size())];
        if (ends_process(op)) break;
        if (returns_pid(op))
          forked_.push_back({"r" + std::to_string(t) + "_" + std::to_string(k), int(t)});
      }
    }
    for (std::size_t t = 0; t < raw_.threads.size(); ++t) {
      const RawThread& rt = raw_.threads[t];
      const bool alone = where[t].empty() ? per_process[""] == 1 : per_process[where[t]] == 1;
      std::vector<std::string> scope = setup_names_;
      for (const std::string& p : processes_) scope.push_back(p);
      std::string body;
      bool blocks = false;
      for (std::size_t k = 0; k < rt.ops.size(); ++k) {
        const model::OpSpec& op = m_.ops[wrap(rt.ops[k].op, m_.ops.size())];
        if (process_wide(op) && !alone) continue;
        const std::string name = "r" + std::to_string(t) + "_" + std::to_string(k);
        body += "  " + call(op, rt.ops[k], scope) + " -> " + name + "\n";
        scope.push_back(name);
        blocks = blocks || op.may_block;
        ++ops_;
        if (ends_process(op)) break;  // nothing runs in a process after its exit
      }
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

  std::string call(const model::OpSpec& op, const RawOp& r, const std::vector<std::string>& scope) {
    std::size_t trailing = 0;
    while (trailing < op.args.size() && op.args[op.args.size() - 1 - trailing].optional) ++trailing;
    const std::size_t keep = op.args.size() - std::min<std::size_t>(trailing, std::max(r.omit, 0));
    std::string out = op.name;
    for (std::size_t a = 0; a < keep; ++a) {
      const RawArg arg = a < r.args.size() ? r.args[a] : RawArg{};
      out += " " + argument(op.args[a], arg, scope);
    }
    return out;
  }

  std::string argument(const model::ArgSpec& spec, const RawArg& a,
                       const std::vector<std::string>& scope) const {
    switch (spec.kind) {
      case model::ArgKind::Int:
        return std::to_string(a.value);
      case model::ArgKind::Ref:
        if (a.literal || scope.empty()) return std::to_string(a.value);
        return scope[wrap(a.value, scope.size())];
      case model::ArgKind::Name:
        return "/s" + std::to_string(wrap(a.value, 2) + 1);
      case model::ArgKind::Flags:
        return flags_text(m_, spec, a.syms, a.value);
    }
    return "0";
  }

  const model::ModelDescriptor& m_;
  const RawScenario& raw_;
  std::vector<std::string> processes_;
  std::vector<std::string> setup_names_;
  std::vector<std::pair<std::string, int>> forked_;  // pid results and the thread binding them
  std::vector<std::string> allowed_;
  int ops_ = 0;
};

}  // namespace

std::string render_scenario(const model::ModelDescriptor& model, const RawScenario& raw,
                            const RenderOptions& options) {
  return Renderer(model, raw).run(options);
}

}  // namespace kmc::fuzz
