// What `kmc verify` enumerates for one model: canonical setups (the objects operations act on and
// the places threads run in), canonical actions (each operation of the model's catalogue with
// canonical arguments, as a short well-formed snippet that releases what it acquires) and the
// configuration points that change the model's interleavings or checks.
#pragma once

#include <string>
#include <vector>

#include "model/model_api.hpp"

namespace kmc::verify {

// A starting state: lines before `setup` (process, config), the setup operations binding the
// names actions use, and the places (`in` targets, "" for process 1) scenario threads run in.
struct Setup {
  std::string name;
  std::string doc;
  std::vector<std::string> head;    // `process P2`, ... (placed after model/config/option lines)
  std::vector<std::string> ops;     // the setup block, one operation a line
  std::vector<std::string> places;  // one per scenario thread this setup offers
  // The places are interchangeable (same kind of task on the same objects): a scenario and its
  // thread permutations are one case. False keeps every order.
  bool symmetric = false;
};

// An operation with canonical arguments: one or more scenario lines naming setup objects. Names an
// action binds itself (`-> f`) are renamed per thread and per position, so actions compose.
struct Action {
  std::string name;              // short id used in the matrix ("close a")
  std::vector<std::string> ops;  // scenario lines
  bool core = false;             // also paired two-deep in the default bound
  bool last = false;             // ends its thread (exit): only as a thread's last action
  // Replaces or ends its whole process (exec, exit): only in a thread alone in its process. For
  // models that give the threads of one process one fd-layer task (kq, cross), where a sibling
  // would read the task->files that Linux gives each thread its own, and exec's de_thread would
  // have ended the sibling first.
  bool whole_process = false;
};

// A configuration to cross scenarios with: extra `option`/`config`/`variant` lines.
struct ConfigPoint {
  std::string name;                // "seed" for the seed's defaults
  std::vector<std::string> lines;  // e.g. "option fault-injection", "config token_pool=2"
};

struct Catalogue {
  const model::ModelDescriptor* model = nullptr;
  std::vector<Setup> setups;
  std::vector<Action> actions;
  // configs[0] is what `--config-space default` runs: the seed's defaults, or where a catalogue
  // departs from them to keep the default bound affordable, a point whose dropped setting is
  // another point of `--config-space all` (kq: outside_blocks=0 here, the seed's 1 in its own).
  std::vector<ConfigPoint> configs;
};

// The catalogue of the model named `model` ("fd", "sem", "kq", "cross"); nullptr if none.
[[nodiscard]] const Catalogue* catalogue_of(const std::string& model);

// Names of operations of `c.model` that no action uses (a test keeps this empty: verify draws from
// the model's whole operation catalogue).
[[nodiscard]] std::vector<std::string> ops_without_action(const Catalogue& c);

namespace detail {
// One model's catalogue (catalogue_<model>.cpp).
[[nodiscard]] Catalogue fd_catalogue();
[[nodiscard]] Catalogue sem_catalogue();
[[nodiscard]] Catalogue kq_catalogue();
[[nodiscard]] Catalogue cross_catalogue();
}  // namespace detail

}  // namespace kmc::verify
