#include "model/kq/kq_defs.hpp"

namespace kmc::kq {

std::vector<std::pair<std::string, Value>> kq_symbols() {
  return {
      {"EVFILT_READ", EVFILT_READ},     {"EVFILT_WRITE", EVFILT_WRITE},
      {"EVFILT_AIO", EVFILT_AIO},       {"EVFILT_VNODE", EVFILT_VNODE},
      {"EVFILT_PROC", EVFILT_PROC},     {"EVFILT_SIGNAL", EVFILT_SIGNAL},
      {"EVFILT_TIMER", EVFILT_TIMER},   {"EVFILT_EXCEPT", EVFILT_EXCEPT},
      {"EVFILT_USER", EVFILT_USER},     {"EVFILT_FS", EVFILT_FS},
      {"EV_ADD", EV_ADD},               {"EV_DELETE", EV_DELETE},
      {"EV_ENABLE", EV_ENABLE},         {"EV_DISABLE", EV_DISABLE},
      {"EV_ONESHOT", EV_ONESHOT},       {"EV_CLEAR", EV_CLEAR},
      {"EV_RECEIPT", EV_RECEIPT},       {"EV_DISPATCH", EV_DISPATCH},
      {"EV_FLAG1", EV_FLAG1},           {"EV_ERROR", EV_ERROR},
      {"EV_EOF", EV_EOF},               {"EV_NODATA", EV_NODATA},
      {"NOTE_TRIGGER", NOTE_TRIGGER},   {"NOTE_FFNOP", NOTE_FFNOP},
      {"NOTE_FFAND", NOTE_FFAND},       {"NOTE_FFOR", NOTE_FFOR},
      {"NOTE_FFCOPY", NOTE_FFCOPY},     {"NOTE_EXIT", NOTE_EXIT},
      {"NOTE_FORK", NOTE_FORK},         {"NOTE_EXEC", NOTE_EXEC},
      {"NOTE_TRACK", NOTE_TRACK},       {"NOTE_TRACKERR", NOTE_TRACKERR},
      {"NOTE_CHILD", NOTE_CHILD},       {"NOTE_SIGNAL", NOTE_SIGNAL},
      {"FIOASYNC", static_cast<Value>(FIOASYNC)},
      {"FIOSETOWN", static_cast<Value>(FIOSETOWN)},
  };
}

}  // namespace kmc::kq
