// The happens-before check for plain fields that are not scheduling points: every write must be
// ordered after the previous accesses, every read after the previous write (a `data-race` if not).
#pragma once

#include <vector>

#include "checker/execution.hpp"

namespace kmc {

class RaceCheck {
 public:
  void on_read(Execution& ex, ObjectId field, Site site);
  void on_write(Execution& ex, ObjectId field, Site site);

 private:
  void report(Execution& ex, ObjectId field, const Epoch& other, bool other_is_write,
              const char* what, Site site);

  Epoch write_;
  std::vector<Epoch> reads_;
};

}  // namespace kmc
