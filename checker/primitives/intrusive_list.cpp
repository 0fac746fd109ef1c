#include "checker/primitives/intrusive_list.hpp"

namespace kmc {

ListWord::ListWord(Execution& ex, std::string name, bool racy)
    : container_(ex), id_(ex.register_object(ObjectKind::Tracked, std::move(name))), racy_(racy) {}

void ListWord::check(Execution& ex, bool write, Site site) {
  container_.check(ex, site);
  if (racy_) return;
  if (write)
    race_.on_write(ex, id_, site);
  else
    race_.on_read(ex, id_, site);
}

void ListStep::touch(ListWord& w, bool write) {
  for (Touch& t : touches_) {
    if (t.word != &w) continue;
    t.write = t.write || write;
    return;
  }
  touches_.push_back({&w, write});
}

// Each word with its own kind, plus a read of each heap cell touched: the cell read is what makes
// the operation conflict with the element's free (a write of the cell) and nothing else in it.
AccessSet ListStep::accesses() const {
  AccessSet set;
  for (const Touch& t : touches_)
    set.add({t.word->id(), t.write ? AccessKind::Write : AccessKind::Read});
  for (std::size_t i = 0; i < touches_.size(); ++i) {
    const CellHeader* cell = touches_[i].word->cell();
    if (cell == nullptr) continue;
    bool seen = false;
    for (std::size_t k = 0; k < i && !seen; ++k) seen = touches_[k].word->cell() == cell;
    if (!seen) set.add({cell->id, AccessKind::Read});
  }
  return set;
}

void ListStep::announce(Execution& ex, OpKind op, ObjectId shown, Site site) const {
  PendingOp pending(op, kNoObject, AccessKind::Read, site);
  pending.object = shown;
  pending.accesses = accesses();
  ex.visible(pending);
}

void ListStep::commit(Execution& ex, Site site) const {
  for (const Touch& t : touches_) t.word->check(ex, t.write, site);
  if (broken_ != nullptr) ex.fail(ViolationKind::Assertion, broken_, site);
  ex.last_event().accesses = accesses();
}

}  // namespace kmc
