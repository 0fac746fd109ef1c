#include "checker/event.hpp"

#include <array>

namespace kmc {
namespace {
// A table, four names a row.
// clang-format off
constexpr std::array<std::string_view, 39> kOpNames = {
    "spawn",        "mutex_enter",   "mutex_exit",      "spin_lock",
    "spin_unlock",  "rw_enter(R)",   "rw_enter(W)",     "rw_exit",
    "gettoken",     "reltoken",      "block",           "resume",
    "sleep",        "wakeup",        "wakeup_one",      "woken",
    "timed-out",    "rcu_read_lock", "rcu_read_unlock", "call_rcu",
    "rcu-callback", "load",          "store",           "xchg",
    "cas",          "fetch_add",     "inc_not_zero",    "alloc",
    "free",         "choose",        "latch-set",       "latch-wait",
    "may-sleep",    "list_first",    "list_next",       "list_insert",
    "list_remove",  "yield",         "fence"};
// clang-format on
}  // namespace

std::string_view to_string(OpKind op) {
  return kOpNames[static_cast<int>(op)];
}
}  // namespace kmc
