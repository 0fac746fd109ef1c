#include "model/kq/klist.hpp"

#include <fmt/format.h>

#include "model/kq/knote.hpp"

namespace kmc::kq {

namespace {
Tracked<KnPtr>& link_of(Knote& kn, LinkField field) {
  return field == LinkField::Link ? kn.kn_link : kn.kn_next;
}
}  // namespace

Klist::Klist(Execution& ex, std::string name, LinkField field, bool racy_head)
    : ex_(ex), name_(std::move(name)), field_(field) {
  if (racy_head)
    racy_head_ = std::make_unique<RacyVar<KnPtr>>(ex, name_ + ".first", KnPtr{});
  else
    head_ = std::make_unique<Tracked<KnPtr>>(ex, name_ + ".first", KnPtr{});
}

KnPtr Klist::head(Site site) {
  return racy_head_ ? racy_head_->load(site) : head_->get(site);
}

void Klist::set_head(const KnPtr& kn, Site site) {
  if (racy_head_)
    racy_head_->store(kn, site);
  else
    head_->set(kn, site);
}

KnPtr Klist::first(Site site) {
  return head(site);
}

KnPtr Klist::next(const KnPtr& kn, Site site) const {
  return link_of(kn.at(site), field_).get(site);
}

void Klist::insert_head(const KnPtr& kn, Site site) {
  link_of(kn.at(site), field_).set(head(site), site);
  set_head(kn, site);
}

void Klist::remove(const KnPtr& kn, Site site) {
  KnPtr cur = head(site);
  if (cur == kn) {
    set_head(link_of(kn.at(site), field_).get(site), site);
    return;
  }
  while (cur) {
    KnPtr nxt = link_of(cur.at(site), field_).get(site);
    if (nxt == kn) {
      link_of(cur.at(site), field_).set(link_of(kn.at(site), field_).get(site), site);
      return;
    }
    cur = nxt;
  }
  ex_.fail(ViolationKind::Assertion,
           fmt::format("SLIST_REMOVE: knote {} is not on {} (NULL dereference)",
                       kn.unchecked() ? kn.unchecked()->serial : 0, name_),
           site);
}

std::vector<const Knote*> Klist::peek_all() const {
  std::vector<const Knote*> out;
  KnPtr cur = racy_head_ ? racy_head_->peek() : head_->peek();
  while (cur && out.size() < 1000) {
    if (!cur.live()) break;  // a freed knote on a list is reported by the invariants
    out.push_back(cur.unchecked());
    cur = (field_ == LinkField::Link ? cur.unchecked()->kn_link : cur.unchecked()->kn_next).peek();
  }
  return out;
}

bool Klist::peek_contains(const Knote* kn) const {
  for (const Knote* k : peek_all())
    if (k == kn) return true;
  return false;
}

const Knote* Klist::peek_find(std::uint64_t serial) const {
  for (const Knote* k : peek_all())
    if (k->serial == serial) return k;
  return nullptr;
}

bool Klist::peek_empty() const {
  return !(racy_head_ ? racy_head_->peek() : head_->peek());
}

}  // namespace kmc::kq
