#include "model/kq/klist.hpp"

#include "model/kq/knote.hpp"

namespace kmc::kq {

Klist::Klist(Execution& ex, std::string name, LinkField field, bool racy_head)
    : name_(name),
      field_(field),
      list_(ex, name + ".first", ListShape::Single,
            field == LinkField::Link ? &Knote::kn_link : &Knote::kn_next, racy_head) {}

std::vector<const Knote*> Klist::peek_all() const {
  std::vector<const Knote*> out;
  for (const KnPtr& kn : list_.peek_all()) {
    if (!kn.live()) break;
    out.push_back(kn.unchecked());
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

}  // namespace kmc::kq
