// Address-keyed engine objects: lwkt_getpooltoken(ptr) tokens and tsleep(ident) channels.
// The kernel hashes an address, so the token or channel of a freed object can still be used (and
// is the same one after the address is reused); they therefore live outside the heap cells.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "checker/primitives/sleep.hpp"
#include "checker/primitives/token.hpp"

namespace kmc::kq {

// An address: a heap cell or static object, and which member of it (0 for the object itself).
using AddrKey = std::pair<const void*, int>;

// lwkt_getpooltoken: one token per address, or (pool_size > 0) a small pool shared by hashing.
// The pool is the whole kernel's, so a thread outside the scenario may hold the token an address
// hashes to: up to `outside_limit` times per thread (Token::set_outside_holders; 0: never).
class TokenPool {
 public:
  TokenPool(Execution& ex, int pool_size, int outside_limit);
  // The token of `key`, created on first use (callers bind it when the object is created, so the
  // engine object is made by the creating thread at a fixed point of the schedule).
  [[nodiscard]] Token& of(AddrKey key, const std::string& name);
  // A token of its own, outside the pool (struct proc's p_token), found by `find` like the others.
  [[nodiscard]] Token& dedicated(AddrKey key, const std::string& name);
  // The token of `key` if it was made, else null (for checks).
  [[nodiscard]] const Token* find(AddrKey key) const;

 private:
  Execution& ex_;
  int outside_limit_;
  std::vector<std::unique_ptr<Token>> shared_;
  std::map<AddrKey, Token*> by_key_;
  std::vector<std::unique_ptr<Token>> owned_;
};

// Sleep channels keyed by address: tsleep(kn), tsleep(kq), tsleep(&kq->kq_regtd).
class ChannelPool {
 public:
  explicit ChannelPool(Execution& ex) : ex_(ex) {}
  // The channel of `key`, created on first use.
  [[nodiscard]] WaitChannel& of(AddrKey key, const std::string& name);
  // The channel of `key` if it exists, else null (for checks).
  [[nodiscard]] WaitChannel* find(AddrKey key) const;

 private:
  Execution& ex_;
  std::map<AddrKey, std::unique_ptr<WaitChannel>> by_key_;
};

}  // namespace kmc::kq
