// BSD SLISTs of knotes, intrusive as in the kernel: the next pointers live in the knotes
// (kn_link for f_klist / hash buckets, kn_next for event-source lists), so a walk that follows a
// stale knote reads freed memory exactly where the kernel would. Each list has its pool token.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "checker/primitives/heap.hpp"
#include "checker/primitives/token.hpp"
#include "checker/primitives/variables.hpp"
#include "model/kq/racy_var.hpp"

namespace kmc::kq {

struct Knote;
using KnPtr = Ptr<Knote>;

// Which link field of the knote a list threads through.
enum class LinkField : std::uint8_t { Link, Next };

class Klist {
 public:
  // `racy_head`: the head is also read without the token somewhere (kern_close's emptiness test),
  // so every head access is its own scheduling point.
  Klist(Execution& ex, std::string name, LinkField field, bool racy_head = false);
  Klist(const Klist&) = delete;
  Klist& operator=(const Klist&) = delete;

  // Binds the list's pool token (done by the creator right after the owning object is built).
  void bind(Token& token) { token_ = &token; }
  [[nodiscard]] Token& token() const { return *token_; }
  [[nodiscard]] LinkField field() const { return field_; }
  [[nodiscard]] const std::string& name() const { return name_; }

  // SLIST_FIRST. Requires the token (or, for a racy head, is the unlocked read itself).
  [[nodiscard]] KnPtr first(Site site);
  // SLIST_INSERT_HEAD(list, kn, field).
  void insert_head(const KnPtr& kn, Site site);
  // SLIST_REMOVE: walks from the head to kn's predecessor. A knote that is not on the list is a
  // NULL dereference in the kernel: reported as an assertion.
  void remove(const KnPtr& kn, Site site);
  // The link field of `kn` for this list (SLIST_NEXT).
  [[nodiscard]] KnPtr next(const KnPtr& kn, Site site) const;

  // Ghost views for invariants (no checks, no steps).
  [[nodiscard]] std::vector<const Knote*> peek_all() const;
  [[nodiscard]] bool peek_contains(const Knote* kn) const;
  // The knote with ghost serial `serial` on the list, or null (a knote is its allocation, not its
  // address, which address reuse can hand to a later knote).
  [[nodiscard]] const Knote* peek_find(std::uint64_t serial) const;
  [[nodiscard]] bool peek_empty() const;

 private:
  [[nodiscard]] KnPtr head(Site site);
  void set_head(const KnPtr& kn, Site site);

  Execution& ex_;
  std::string name_;
  LinkField field_;
  Token* token_ = nullptr;
  std::unique_ptr<Tracked<KnPtr>> head_;
  std::unique_ptr<RacyVar<KnPtr>> racy_head_;
};

}  // namespace kmc::kq
