// Constants of the fd model (Linux fs/file.c, seed 003): errno values, open flags, file modes,
// file types for the composition, and the names of the variant switches.
#pragma once

#include <cstdint>

#include "checker/types.hpp"

namespace kmc::fd {

// Linux errno values; the fd operations return them negated, as the seed does.
inline constexpr Value kEBADF = 9;
inline constexpr Value kENOMEM = 12;
inline constexpr Value kEBUSY = 16;
inline constexpr Value kEINVAL = 22;
inline constexpr Value kEMFILE = 24;
inline constexpr Value kENOEXEC = 8;  // harness only: an exec that fails (exec with fail = 1)
inline constexpr Value kESRCH = 3;    // harness only: the calling task has exited (no ->files)

// sysctl_nr_open_max (R20, raised at R379), scaled down to the largest nr_open a scenario may set.
inline constexpr Value kNrOpenMax = 256;

// Open flags (Linux octal values).
inline constexpr Value kO_CLOEXEC = 02000000;
inline constexpr Value kO_PATH = 010000000;

// struct file f_mode bits the seed tests.
inline constexpr unsigned kFMODE_PATH = 0x4000;

// File types (not in seed: struct file f_type); the composition adds its own objects.
inline constexpr int kDTYPE_VNODE = 1;   // an ordinary file made by the fd model's open
inline constexpr int kDTYPE_KQUEUE = 5;  // a kqueue (kq model, spec §4)
inline constexpr int kDTYPE_MFILE = 9;   // the synthetic event-source file of spec §3.3

// The variant switches of spec "Variants the models must offer" (off = seed behaviour).
inline constexpr const char* kNoEbusy = "M-FD-noebusy";
inline constexpr const char* kDupfdNoclear = "M-FD-dupfd-noclear";
inline constexpr const char* kNoRepeat = "M-FD-norepeat";
inline constexpr const char* kAllocLocked = "M-FD-alloc-locked";
inline constexpr const char* kPlainInc = "M-FD-plaininc";
inline constexpr const char* kEarlyFcheck = "M-FD-earlyfcheck";
inline constexpr const char* kNoExpandCheck = "M-FD-noexpandcheck";
// Fixes offered for findings (off = seed behaviour; named F-, as they correct the seed).
inline constexpr const char* kCloexecRefetch = "F-FD-cloexec-refetch";
inline constexpr const char* kLightNoShortcut = "F-FD-light-noshortcut";

// Ghost holder kinds of f_count and files->count (spec §2.4), for Holder::kind.
inline constexpr const char* kHolderSlot = "fd-slot";  // (files id, fd): an installed slot
inline constexpr const char* kHolderTask = "task";     // (pid): a task whose ->files is it
inline constexpr const char* kHolderTemp = "temp";     // (thread, tag): a thread temporary

}  // namespace kmc::fd
