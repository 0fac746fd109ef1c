#include "counter_model.hpp"

#include <kmc/kmc.hpp>
#include <string>

namespace counter {
namespace {

// One execution's state; operation indexes follow the OpSpec order in descriptor().
class Counter final : public kmc::model::ModelInstance {
 public:
  Counter(kmc::Execution& ex, const kmc::model::ModelConfig& config)
      : value_(ex, "counter", config.param("start")),
        lock_(ex, "counter_lock", "counter_lock"),
        expected_(config.param("start")) {
    kmc::at_end("every increment counted", [this]() -> std::optional<std::string> {
      if (value_.peek() == expected_) return std::nullopt;
      return "counter is " + std::to_string(value_.peek()) + ", expected " +
             std::to_string(expected_);
    });
  }

  kmc::Value create_process() override { return next_pid_++; }

  kmc::Value invoke(const kmc::model::OpCall& call) override {
    switch (call.op) {
      case 0:  // inc
        return increment("inc: load", "inc: store");
      case 1: {  // locked_inc
        lock_.lock("locked_inc: lock");
        const kmc::Value v = increment("locked_inc: load", "locked_inc: store");
        lock_.unlock("locked_inc: unlock");
        return v;
      }
      default:  // read
        return value_.load("read");
    }
  }

 private:
  kmc::Value increment(const char* load, const char* store) {
    const kmc::Value v = value_.load(load);
    value_.store(v + 1, store);
    ++expected_;  // ghost state: what the counter should be
    return v + 1;
  }

  kmc::Shared<kmc::Value> value_;
  kmc::Mutex lock_;
  kmc::Value expected_;
  kmc::Value next_pid_ = 2;
};

}  // namespace

const kmc::model::ModelDescriptor& descriptor() {
  static const kmc::model::ModelDescriptor d = [] {
    kmc::model::ModelDescriptor m;
    m.name = "counter";
    m.doc = "a shared counter incremented racily or under a mutex";
    m.params = {{"start", 0, 0, 100, "the counter's initial value"}};
    m.ops = {{"inc", {}, "counter = counter + 1 as a load and a store (racy)"},
             {"locked_inc", {}, "counter = counter + 1 under counter_lock"},
             {"read", {}, "the counter's value"}};
    m.create = [](kmc::Execution& ex, const kmc::model::ModelConfig& config) {
      return std::make_unique<Counter>(ex, config);
    };
    return m;
  }();
  return d;
}

}  // namespace counter
