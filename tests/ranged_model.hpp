// Shared by the fuzz, verify and cli tests: a model registered as a user's would be, with no fuzz
// rules or verify catalogue of its own, whose arguments have ranges (a literal range, one below a
// parameter, an optional one, a Ref, a Name) so that a generic generator that ignored them would
// write scenarios the parser refuses. `racy_add` loses updates: fuzz and verify find it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "checker/primitives/locks.hpp"
#include "checker/primitives/variables.hpp"
#include "model/model_api.hpp"

namespace kmc::testing {

// One execution of the ranged model; operation indexes follow ranged_model().ops.
class RangedInstance final : public model::ModelInstance {
 public:
  RangedInstance(Execution& ex, const model::ModelConfig& config)
      : slots_(config.param("slots")), sum_(ex, "sum", 0), lock_(ex, "cells_lock", "cells_lock") {
    for (Value i = 0; i < slots_; ++i)
      cells_.push_back(std::make_unique<Shared<int>>(ex, "cell" + std::to_string(i), 0));
    ex.add_end_check([this]() -> std::optional<Violation> {
      if (sum_.peek() == expected_) return std::nullopt;
      Violation v;
      v.kind = ViolationKind::Invariant;
      v.message = "lost update: sum is " + std::to_string(sum_.peek()) + ", expected " +
                  std::to_string(expected_);
      return v;
    });
  }

  Value create_process() override { return next_pid_++; }

  Value invoke(const model::OpCall& c) override {
    switch (c.op) {
      case 0: {  // put SLOT VALUE
        lock_.lock("put-lock");
        cells_[static_cast<std::size_t>(c.args[0])]->store(static_cast<int>(c.args[1]), "put");
        lock_.unlock("put-unlock");
        return 0;
      }
      case 1:  // get SLOT: a Ref may name any earlier result, so its value is checked here
        if (c.args[0] < 0 || c.args[0] >= slots_) return -1;
        return cells_[static_cast<std::size_t>(c.args[0])]->load("get");
      case 2: {  // racy_add [AMOUNT]
        const int v = sum_.load("racy_add-load");
        sum_.store(v + static_cast<int>(c.args[0]), "racy_add-store");
        expected_ += static_cast<int>(c.args[0]);
        return v;
      }
      default:  // tag NAME
        return 0;
    }
  }

 private:
  Value slots_;
  std::vector<std::unique_ptr<Shared<int>>> cells_;
  Shared<int> sum_;
  Mutex lock_;
  int expected_ = 0;
  Value next_pid_ = 2;
};

// The ranged model's descriptor (built once).
[[nodiscard]] inline const model::ModelDescriptor& ranged_model() {
  static const model::ModelDescriptor d = [] {
    using model::ArgKind;
    using model::ArgSpec;
    model::ModelDescriptor m;
    m.name = "ranged";
    m.doc = "cells written under a lock and a sum added to racily";
    m.params = {{"slots", 2, 1, 4, "how many cells exist"}};
    const ArgSpec slot = ArgSpec{"slot", ArgKind::Int, "a cell"}.in_range(0, 3, "slots");
    const ArgSpec value = ArgSpec{"value", ArgKind::Int, "what to store"}.in_range(10, 12);
    const ArgSpec any_slot = ArgSpec{"slot", ArgKind::Ref, "a cell"}.in_range(0, 3, "slots");
    ArgSpec amount = ArgSpec{"amount", ArgKind::Int, "what to add"}.in_range(1, 3);
    amount.optional = true;
    amount.fallback = 1;
    m.ops = {{"put", {slot, value}, "stores VALUE in cell SLOT under cells_lock"},
             {"get", {any_slot}, "reads cell SLOT"},
             {"racy_add", {amount}, "sum = sum + AMOUNT as a load and a store (racy)"},
             {"tag", {ArgSpec{"name", ArgKind::Name, "a name"}}, "does nothing with a name"}};
    m.create = [](Execution& ex, const model::ModelConfig& config) {
      return std::make_unique<RangedInstance>(ex, config);
    };
    return m;
  }();
  return d;
}

}  // namespace kmc::testing
