#include "checker/primitives/race_check.hpp"

#include <fmt/format.h>

namespace kmc {

void RaceCheck::report(Execution& ex, ObjectId field, const Epoch& other, bool other_is_write,
                       const char* what, Site site) {
  const ThreadId me = ex.current();
  ex.fail(ViolationKind::DataRace,
          fmt::format("{} {} {} unordered with {}'s {}", ex.thread(me).name, what,
                      ex.trace().object_name(field), ex.thread(other.thread).name,
                      other_is_write ? "write" : "read"),
          site,
          {fmt::format("{} {} it at {}{}{}:{}", ex.thread(other.thread).name,
                       other_is_write ? "wrote" : "read", other.seed, *other.seed ? " " : "",
                       other.loc.file_name(), other.loc.line())});
}

void RaceCheck::on_read(Execution& ex, ObjectId field, Site site) {
  if (!ex.in_thread()) return;
  const ThreadId me = ex.current();
  const VectorClock& now = ex.thread(me).clock;
  if (write_.thread != me && !write_.ordered_before(now)) report(ex, field, write_, true, "reads", site);
  const Epoch mine{me, now.get(me), site.seed, site.loc};
  for (Epoch& e : reads_) {
    if (e.thread == me) {
      e = mine;
      return;
    }
  }
  reads_.push_back(mine);
}

void RaceCheck::on_write(Execution& ex, ObjectId field, Site site) {
  if (!ex.in_thread()) return;
  const ThreadId me = ex.current();
  const VectorClock& now = ex.thread(me).clock;
  if (write_.thread != me && !write_.ordered_before(now)) report(ex, field, write_, true, "writes", site);
  for (const Epoch& e : reads_) {
    if (e.thread != me && !e.ordered_before(now)) report(ex, field, e, false, "writes", site);
  }
  reads_.clear();
  write_ = Epoch{me, now.get(me), site.seed, site.loc};
}

}  // namespace kmc
