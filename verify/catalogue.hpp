// What `kmc verify` enumerates for one model: canonical setups (the objects operations act on and
// the places threads run in), canonical actions (each operation of the model's catalogue with
// canonical arguments, as a short well-formed snippet that releases what it acquires) and the
// configuration points that change the model's interleavings or checks. A model's catalogue is
// registered with it, keyed by its descriptor (RegisteredCatalogues; the shipped models' in
// catalogue_<model>.cpp); a model without one gets generic_catalogue().
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "model/descriptor_registry.hpp"
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
  // configs[0] is what `--config-space default` runs: the seed's defaults, never a setting that
  // hides interleavings the kernel has; the others each change one setting.
  std::vector<ConfigPoint> configs;
};

// Makes a model's Catalogue; called once per model and registration, when it is first verified.
// The registration fills in Catalogue::model.
using CatalogueFactory = std::function<Catalogue()>;

// A model and the factory of its own catalogue.
using CatalogueEntry = model::DescriptorEntry<CatalogueFactory>;

// The catalogue derived from `model`'s descriptor alone, for a model registered without its own:
// one setup with no objects and two interchangeable threads of process 1, one action per
// operation with canonical arguments (an optional argument's fallback, else the lowest value of
// its range), core when the model has at most kGenericCoreOps operations, the seed's defaults.
[[nodiscard]] Catalogue generic_catalogue(const model::ModelDescriptor& model);
inline constexpr std::size_t kGenericCoreOps = 6;

// The shipped models' own catalogues (catalogue_<model>.cpp), keyed by their descriptors.
[[nodiscard]] const std::vector<CatalogueEntry>& shipped_catalogues();

namespace detail {
// The registered catalogues and those built from them.
[[nodiscard]] model::DescriptorRegistry<CatalogueFactory, Catalogue>& catalogue_registry();
}  // namespace detail

// Makes a list of CatalogueEntry the catalogues of this process while it lives (kmc::main
// registers its models' so); restores the previous ones after. With none registered,
// shipped_catalogues() apply (the tests).
class RegisteredCatalogues : public model::DescriptorRegistration<CatalogueFactory, Catalogue> {
 public:
  explicit RegisteredCatalogues(std::vector<CatalogueEntry> entries)
      : DescriptorRegistration(detail::catalogue_registry(), std::move(entries)) {}
};

// The catalogue of `model`: its registered one, else generic_catalogue() (built on first use and
// immutable until the registration changes, so worker threads may share it).
[[nodiscard]] const Catalogue& catalogue_of(const model::ModelDescriptor& model);
// The catalogue of the registered model named `model`; nullptr if there is no such model.
[[nodiscard]] const Catalogue* catalogue_of(const std::string& model);
// Whether `model` has a catalogue of its own registered (else kmc verify uses the generic one).
[[nodiscard]] bool has_own_catalogue(const model::ModelDescriptor& model);

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
