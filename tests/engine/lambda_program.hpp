// A test program built from a lambda: the lambda creates the state and spawns the threads.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "checker/execution.hpp"
#include "checker/program.hpp"

namespace kmc::testing {

// Keeps any objects a test program creates alive for the execution.
struct Bag : ProgramInstance {
  std::vector<std::shared_ptr<void>> items;
  template <typename T, typename... A>
  T& make(A&&... args) {
    auto p = std::make_shared<T>(std::forward<A>(args)...);
    items.push_back(p);
    return *p;
  }
};

class LambdaProgram final : public Program {
 public:
  using Build = std::function<void(Execution&, Bag&)>;
  explicit LambdaProgram(Build build, std::string name = "test")
      : build_(std::move(build)), name_(std::move(name)) {}
  [[nodiscard]] std::unique_ptr<ProgramInstance> instantiate(Execution& ex) const override {
    auto bag = std::make_unique<Bag>();
    build_(ex, *bag);
    return bag;
  }
  [[nodiscard]] std::string name() const override { return name_; }

 private:
  Build build_;
  std::string name_;
};

}  // namespace kmc::testing
