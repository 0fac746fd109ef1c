// DragonFly LWKT tokens: recursive, and exclusive only while the holder runs. A thread that blocks
// for any reason gives up every token it holds and gets them all back before it runs again, so
// tokens never deadlock and take no part in lock order.
#pragma once

#include <cstdint>
#include <string>

#include "checker/execution.hpp"
#include "checker/primitives/heap.hpp"

namespace kmc {

class Token {
 public:
  Token(Execution& ex, std::string name);
  // In the current execution (kmc::check).
  explicit Token(std::string name) : Token(current_execution("kmc::Token"), std::move(name)) {}
  Token(const Token&) = delete;
  Token& operator=(const Token&) = delete;

  // lwkt_gettoken: recursive; contention is a blocking point (all held tokens are given up).
  void get(Site site);
  // Makes the token one that threads outside the program also take (a DragonFly pool token:
  // lwkt_getpooltoken hashes the addresses of the whole kernel into one pool): a get by a thread
  // that holds other tokens is a block_if_held_outside point with `limit` (0: never).
  void set_outside_holders(int limit) { outside_limit_ = limit; }
  // lwkt_reltoken: drops one hold; the last one releases the token.
  void release(Site site);
  // True when the current thread holds the token (lwkt_token_is_held / ASSERT_LWKT_TOKEN_HELD).
  [[nodiscard]] bool held_by_current() const;
  // True when no running thread possesses the token (free, or its holders are blocked).
  [[nodiscard]] bool is_free() const { return possessor_ == kNoThread; }
  [[nodiscard]] ObjectId id() const { return id_; }

 private:
  friend ObjectId token_object(const Token& token);
  friend void tokens_drop(Execution& ex, ThreadId t);
  friend void tokens_take(Execution& ex, ThreadId t);
  friend bool tokens_free(const Execution::Thread& th, ThreadId t);

  friend bool block_if_held_outside(Execution& ex, Site site, int limit, ObjectId shown,
                                    const char* what);

  Execution& ex_;
  Container container_{ex_};
  ObjectId id_;
  ThreadId possessor_ = kNoThread;
  VectorClock clock_;
  int outside_limit_ = 0;
  std::uint64_t takes_ = 0;  // how often a thread came to possess the token
};

[[nodiscard]] ObjectId token_object(const Token& token);
// Thread `t` blocks: it stops possessing all the tokens it holds.
void tokens_drop(Execution& ex, ThreadId t);
// Thread `t` runs again: it possesses all the tokens it holds.
void tokens_take(Execution& ex, ThreadId t);
// Adds one access of `kind` per distinct token `th` holds (a recursive hold is listed once).
void add_token_accesses(PendingOp& op, const Execution::Thread& th, AccessKind kind);
// Whether every token `th` holds is possessed by nobody else.
[[nodiscard]] bool tokens_free(const Execution::Thread& th, ThreadId t);
// A point where a thread outside the program may hold what the current thread asks for (a pool
// token, which the whole kernel shares; a file's own token). If the current thread holds tokens,
// it blocks as under contention: it gives them up (one step) and runs again once they are free
// (a second step); resuming at once is the case where nobody outside held it, so every case is
// explored without a choice. `limit` bounds how often one thread blocks so in an execution,
// counting only the blocks during which another thread came to possess one of its tokens (the
// others changed nothing). Nor does it block while no other program thread exists (no one could
// tell). `shown` names what it waits for in the trace. Returns whether it blocked.
bool block_if_held_outside(Execution& ex, Site site, int limit, ObjectId shown, const char* what);

}  // namespace kmc
