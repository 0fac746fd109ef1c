#include "checker/primitives/token.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace kmc {

Token::Token(Execution& ex, std::string name)
    : ex_(ex), id_(ex.register_object(ObjectKind::Token, std::move(name))) {}

ObjectId token_object(const Token& token) {
  return token.id_;
}

bool Token::held_by_current() const {
  if (!ex_.in_thread()) return false;
  const auto& tokens = ex_.thread(ex_.current()).tokens;
  return std::find(tokens.begin(), tokens.end(), this) != tokens.end();
}

void Token::get(Site site) {
  auto& tokens = ex_.thread(ex_.current()).tokens;
  if (held_by_current()) {
    tokens.push_back(this);
    return;
  }
  if (outside_limit_ > 0 && !tokens.empty()) {
    (void)block_if_held_outside(ex_, site, outside_limit_, id_, "a token held outside the program");
  }
  PendingOp op(OpKind::TokenGet, id_, AccessKind::Acquire, site);
  container_.add_to(op);
  op.can_run = [](const void* state, ThreadId t) {
    const ThreadId p = static_cast<const Token*>(state)->possessor_;
    return p == kNoThread || p == t;
  };
  op.state = this;
  op.wait = WaitKind::Lock;
  ex_.visible(op);
  container_.check(ex_, site);
  possessor_ = ex_.current();
  ++takes_;
  ex_.thread(ex_.current()).tokens.push_back(this);
  ex_.sync_acquire(clock_);
}

bool block_if_held_outside(Execution& ex, Site site, int limit, ObjectId shown, const char* what) {
  const ThreadId me = ex.current();
  Execution::Thread& th = ex.thread(me);
  if (th.tokens.empty() || th.outside_blocks >= limit) return false;
  bool others = false;
  for (ThreadId t = 0; t < ex.thread_count(); ++t) others |= t != me && !ex.thread(t).daemon;
  if (!others) return false;
  PendingOp op(OpKind::Block, kNoObject, AccessKind::Read, site);
  op.object = shown;  // named in the trace; the outside holder touches nothing of the program
  op.raw = true;
  op.wait_label = what;
  add_token_accesses(op, th, AccessKind::Release);
  ex.visible(op);
  tokens_drop(ex, me);
  const auto takes = [&th] {
    std::uint64_t n = 0;
    for (const Token* token : th.tokens) n += token->takes_;
    return n;
  };
  const std::uint64_t before = takes();
  PendingOp back(OpKind::Resume, kNoObject, AccessKind::Read, site);
  back.object = shown;
  back.raw = true;
  back.wait = WaitKind::Lock;
  back.wait_label = what;
  add_token_accesses(back, th, AccessKind::Acquire);
  back.can_run = [](const void* state, ThreadId t) {
    return tokens_free(*static_cast<const Execution::Thread*>(state), t);
  };
  back.state = &th;
  ex.visible(back);
  if (takes() != before) ++th.outside_blocks;  // another thread had one of them meanwhile
  tokens_take(ex, me);
  return true;
}

void Token::release(Site site) {
  auto& tokens = ex_.thread(ex_.current()).tokens;
  const auto it = std::find(tokens.rbegin(), tokens.rend(), this);
  if (it == tokens.rend()) {
    ex_.fail(ViolationKind::UnlockNotOwner,
             fmt::format("{} releases token {} it does not hold", ex_.thread(ex_.current()).name,
                         ex_.trace().object_name(id_)),
             site);
  }
  tokens.erase(std::next(it).base());
  if (std::find(tokens.begin(), tokens.end(), this) != tokens.end()) return;
  PendingOp op(OpKind::TokenRelease, id_, AccessKind::Release, site);
  container_.add_to(op);
  op.raw = true;
  ex_.visible(op);
  container_.check(ex_, site);
  possessor_ = kNoThread;
  ex_.sync_release(clock_);
}

void tokens_drop(Execution& ex, ThreadId t) {
  for (Token* token : ex.thread(t).tokens) {
    if (token->possessor_ == t) {
      token->possessor_ = kNoThread;
      token->clock_.join(ex.thread(t).clock);
    }
  }
  ex.thread(t).clock.tick(t);
}

void tokens_take(Execution& ex, ThreadId t) {
  for (Token* token : ex.thread(t).tokens) {
    token->possessor_ = t;
    ++token->takes_;
    ex.thread(t).clock.join(token->clock_);
  }
}

void add_token_accesses(PendingOp& op, const Execution::Thread& th, AccessKind kind) {
  for (std::size_t i = 0; i < th.tokens.size(); ++i) {
    if (std::find(th.tokens.begin(), th.tokens.begin() + static_cast<std::ptrdiff_t>(i),
                  th.tokens[i]) != th.tokens.begin() + static_cast<std::ptrdiff_t>(i)) {
      continue;
    }
    op.accesses.add({token_object(*th.tokens[i]), kind});
  }
}

bool tokens_free(const Execution::Thread& th, ThreadId t) {
  for (const Token* token : th.tokens)
    if (token->possessor_ != kNoThread && token->possessor_ != t) return false;
  return true;
}

}  // namespace kmc
