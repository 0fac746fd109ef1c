#include "model/kq/pools.hpp"

namespace kmc::kq {

TokenPool::TokenPool(Execution& ex, int pool_size, int outside_limit)
    : ex_(ex), outside_limit_(outside_limit) {
  for (int i = 0; i < pool_size; ++i) {
    shared_.push_back(std::make_unique<Token>(ex, "pooltoken#" + std::to_string(i)));
    shared_.back()->set_outside_holders(outside_limit_);
  }
}

Token& TokenPool::of(AddrKey key, const std::string& name) {
  auto it = by_key_.find(key);
  if (it != by_key_.end()) return *it->second;
  Token* token = nullptr;
  if (!shared_.empty()) {
    // Aliasing follows first use, which is deterministic for a given schedule prefix.
    token = shared_[by_key_.size() % shared_.size()].get();
  } else {
    owned_.push_back(std::make_unique<Token>(ex_, name));
    token = owned_.back().get();
    token->set_outside_holders(outside_limit_);
  }
  by_key_.emplace(key, token);
  return *token;
}

Token& TokenPool::dedicated(AddrKey key, const std::string& name) {
  owned_.push_back(std::make_unique<Token>(ex_, name));
  by_key_.emplace(key, owned_.back().get());
  return *owned_.back();
}

const Token* TokenPool::find(AddrKey key) const {
  auto it = by_key_.find(key);
  return it == by_key_.end() ? nullptr : it->second;
}

WaitChannel& ChannelPool::of(AddrKey key, const std::string& name) {
  auto it = by_key_.find(key);
  if (it != by_key_.end()) return *it->second;
  auto chan = std::make_unique<WaitChannel>(ex_, name);
  WaitChannel& ref = *chan;
  by_key_.emplace(key, std::move(chan));
  return ref;
}

WaitChannel* ChannelPool::find(AddrKey key) const {
  auto it = by_key_.find(key);
  return it == by_key_.end() ? nullptr : it->second.get();
}

}  // namespace kmc::kq
