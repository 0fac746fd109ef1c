#include "verify/enumerate.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include <fmt/format.h>

namespace kmc::verify {
namespace {

using Program = std::vector<int>;

// Every program of 1..ops actions (core ones only if asked); an action that ends its thread only
// in last position.
std::vector<Program> programs_of(const Catalogue& c, const Shape& s) {
  std::vector<int> usable;
  for (std::size_t i = 0; i < c.actions.size(); ++i)
    if (!s.core_only || c.actions[i].core) usable.push_back(static_cast<int>(i));
  std::vector<Program> out;
  std::vector<Program> frontier{{}};
  for (int len = 1; len <= s.ops; ++len) {
    std::vector<Program> next;
    for (const Program& p : frontier) {
      if (!p.empty() && c.actions[static_cast<std::size_t>(p.back())].last) continue;
      for (int a : usable) {
        Program q = p;
        q.push_back(a);
        next.push_back(q);
      }
    }
    out.insert(out.end(), next.begin(), next.end());
    frontier = std::move(next);
  }
  return out;
}

// Every tuple of `threads` programs (indices into `programs`); non-decreasing when symmetric.
void tuples(std::size_t programs, int threads, bool symmetric, std::vector<std::size_t>& cur,
            const std::function<void(const std::vector<std::size_t>&)>& emit) {
  if (static_cast<int>(cur.size()) == threads) {
    emit(cur);
    return;
  }
  const std::size_t from = symmetric && !cur.empty() ? cur.back() : 0;
  for (std::size_t i = from; i < programs; ++i) {
    cur.push_back(i);
    tuples(programs, threads, symmetric, cur, emit);
    cur.pop_back();
  }
}

// True if no other of the first `threads` threads of `setup` runs in the process of thread `t`.
bool alone_in_process(const Setup& setup, std::size_t threads, std::size_t t) {
  const auto first = setup.places.begin();
  return std::count(first, first + static_cast<std::ptrdiff_t>(threads), setup.places[t]) == 1;
}

// True if `p` has an action that replaces or ends its whole process.
bool whole_process(const Catalogue& c, const Program& p) {
  return std::any_of(p.begin(), p.end(),
                     [&](int a) { return c.actions[static_cast<std::size_t>(a)].whole_process; });
}

// The blank-separated words of `line`. Split by hand: verify renders every case's scenario on
// one thread before the workers start, and an istringstream per line was a quarter of that.
std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  const auto blank = [](char ch) { return ch == ' ' || ch == '\t'; };
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && blank(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !blank(line[i])) ++i;
    if (i > start) out.emplace_back(line, start, i - start);
  }
  return out;
}

}  // namespace

bool parse_bound(const std::string& text, Bound& out, std::string& error) {
  out = Bound{text, {}};
  if (text == "default") {
    out.shapes = {{2, 1, false}, {2, 2, true}};
    return true;
  }
  int t = 0;
  int o = 0;
  char x = 0;
  std::istringstream in(text);
  if (!(in >> t >> x >> o) || x != 'x' || !in.eof() || t < 1 || t > 4 || o < 1 || o > 4) {
    error = fmt::format("--bound {}: expected \"default\" or TxO with T and O in 1..4 (e.g. 2x2)",
                        text);
    return false;
  }
  out.shapes = {{t, o, false}};
  return true;
}

std::vector<Case> enumerate(const Catalogue& c, const Bound& bound,
                            const std::vector<int>& configs) {
  std::vector<Case> out;
  for (std::size_t s = 0; s < c.setups.size(); ++s) {
    const Setup& setup = c.setups[s];
    std::set<std::vector<Program>> seen;
    std::vector<std::vector<Program>> chosen;
    for (const Shape& shape : bound.shapes) {
      if (shape.threads > static_cast<int>(setup.places.size())) continue;
      const std::vector<Program> programs = programs_of(c, shape);
      std::vector<std::size_t> cur;
      tuples(programs.size(), shape.threads, setup.symmetric, cur,
             [&](const std::vector<std::size_t>& pick) {
               std::vector<Program> k;
               for (std::size_t i : pick) k.push_back(programs[i]);
               for (std::size_t t = 0; t < k.size(); ++t)
                 if (!alone_in_process(setup, k.size(), t) && whole_process(c, k[t])) return;
               if (setup.symmetric) std::sort(k.begin(), k.end());
               if (seen.insert(k).second) chosen.push_back(std::move(k));
             });
    }
    for (int config : configs)
      for (const std::vector<Program>& k : chosen)
        out.push_back(Case{static_cast<int>(s), config, k});
  }
  return out;
}

std::string render_case(const Catalogue& c, const Case& k) {
  const Setup& setup = c.setups[static_cast<std::size_t>(k.setup)];
  const ConfigPoint& config = c.configs[static_cast<std::size_t>(k.config)];
  std::string out = fmt::format("# kmc verify: setup {} ({}), configuration {}\n", setup.name,
                                setup.doc, config.name);
  out += "model " + c.model->name + "\n";
  for (const std::string& line : config.lines) out += line + "\n";
  for (const std::string& line : setup.head) out += line + "\n";
  if (!setup.ops.empty()) {
    out += "setup\n";
    for (const std::string& line : setup.ops) out += "  " + line + "\n";
  }
  std::vector<std::string> blocked;
  for (std::size_t t = 0; t < k.programs.size(); ++t) {
    const std::string name = fmt::format("T{}", t + 1);
    const std::string& place = setup.places[t];
    out += "thread " + name + (place.empty() ? "" : " in " + place) + "\n";
    bool may_block = false;
    for (std::size_t pos = 0; pos < k.programs[t].size(); ++pos) {
      const Action& a = c.actions[static_cast<std::size_t>(k.programs[t][pos])];
      // Names this action binds, made unique so that actions compose within a thread.
      std::set<std::string> bound;
      for (const std::string& line : a.ops) {
        const std::vector<std::string> w = words(line);
        for (std::size_t i = 0; i + 1 < w.size(); ++i)
          if (w[i] == "->") bound.insert(w[i + 1]);
      }
      for (const std::string& line : a.ops) {
        std::vector<std::string> w = words(line);
        if (const int op = c.model->find_op(w.front()); op >= 0)
          may_block = may_block || c.model->ops[static_cast<std::size_t>(op)].may_block;
        for (std::size_t i = 1; i < w.size(); ++i)
          if (bound.count(w[i]) != 0) w[i] = fmt::format("{}{}_{}", w[i], t + 1, pos);
        out += "  " + fmt::format("{}", fmt::join(w, " ")) + "\n";
      }
    }
    if (may_block) blocked.push_back(name);
  }
  if (!blocked.empty()) out += fmt::format("allow blocked {}\n", fmt::join(blocked, " "));
  out += "expect pass\n";
  return out;
}

std::string describe_case(const Catalogue& c, const Case& k) {
  std::vector<std::string> threads;
  for (std::size_t t = 0; t < k.programs.size(); ++t) {
    std::vector<std::string> names;
    for (int a : k.programs[t]) names.push_back(c.actions[static_cast<std::size_t>(a)].name);
    threads.push_back(fmt::format("T{}: {}", t + 1, fmt::join(names, "; ")));
  }
  return fmt::format("{}", fmt::join(threads, " | "));
}

}  // namespace kmc::verify
