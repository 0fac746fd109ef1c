// BSD SLISTs of knotes, intrusive as in the kernel: the engine's IntrusiveList threading the
// knotes through kn_link (f_klist, hash buckets) or kn_next (event-source lists), so a walk that
// follows a stale knote reads freed memory exactly where the kernel would, and each list
// operation is one step with the links it touches. Each list has its pool token.
#pragma once

#include <string>
#include <vector>

#include "checker/primitives/heap.hpp"
#include "checker/primitives/intrusive_list.hpp"
#include "checker/primitives/token.hpp"

namespace kmc::kq {

struct Knote;
using KnPtr = Ptr<Knote>;

// Which link field of the knote a list threads through.
enum class LinkField : std::uint8_t { Link, Next };

class Klist {
 public:
  // `racy_head`: the head is also read without the token somewhere (kern_close's emptiness test),
  // so it is not race-checked.
  Klist(Execution& ex, std::string name, LinkField field, bool racy_head = false);
  Klist(const Klist&) = delete;
  Klist& operator=(const Klist&) = delete;

  // Binds the list's pool token (done by the creator right after the owning object is built).
  void bind(Token& token) { token_ = &token; }
  [[nodiscard]] Token& token() const { return *token_; }
  [[nodiscard]] LinkField field() const { return field_; }
  [[nodiscard]] const std::string& name() const { return name_; }

  // SLIST_FIRST. Requires the token (or, for a racy head, is the unlocked read itself).
  [[nodiscard]] KnPtr first(Site site) { return list_.first(site); }
  // SLIST_INSERT_HEAD(list, kn, field).
  void insert_head(const KnPtr& kn, Site site) { list_.insert_head(kn, site); }
  // SLIST_REMOVE: walks from the head to kn's predecessor. A knote that is not on the list is a
  // NULL dereference in the kernel: reported as an assertion.
  void remove(const KnPtr& kn, Site site) { list_.remove(kn, site); }
  // SLIST_NEXT: the link field of `kn` for this list.
  [[nodiscard]] KnPtr next(const KnPtr& kn, Site site) { return list_.next(kn, site); }

  // Ghost views for invariants (no checks, no steps); a freed knote and what follows it are left
  // out (the invariants report a freed knote on a list by other means).
  [[nodiscard]] std::vector<const Knote*> peek_all() const;
  [[nodiscard]] bool peek_contains(const Knote* kn) const;
  // The knote with ghost serial `serial` on the list, or null (a knote is its allocation, not its
  // address, which address reuse can hand to a later knote).
  [[nodiscard]] const Knote* peek_find(std::uint64_t serial) const;
  [[nodiscard]] bool peek_empty() const { return list_.peek_empty(); }

 private:
  std::string name_;
  LinkField field_;
  Token* token_ = nullptr;
  IntrusiveList<Knote> list_;
};

}  // namespace kmc::kq
