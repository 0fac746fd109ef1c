// The sem model's invariant checks (spec §1.6), as plain functions over the model state so that
// tests can call them directly. Each returns a message when the invariant is broken.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "model/sem/sem_state.hpp"

namespace kmc::model::sem {

// Per-step checks (sem_checks.cpp); see that file for when each applies.
[[nodiscard]] std::optional<std::string> check_i1(const SemState& s);
[[nodiscard]] std::optional<std::string> check_i2(const SemState& s);
[[nodiscard]] std::optional<std::string> check_i3(const SemState& s);
[[nodiscard]] std::optional<std::string> check_i5(const SemState& s);
[[nodiscard]] std::optional<std::string> check_i6(const SemState& s);
[[nodiscard]] std::optional<std::string> check_i8(const SemState& s);
[[nodiscard]] bool all_kp_locks_free(const SemState& s);

// End checks SEM-I9 (liveness), the end part of SEM-I8, temporary references of finished
// threads (SEM-I3) and SEM-I4 (leaks of ksems) (sem_end_checks.cpp).
void install_end_checks(SemState& s);
// The ksem_procs reachable from a live process's slot or a live thread's temporaries.
[[nodiscard]] std::set<const CellHeader*> reachable_kps(const SemState& s);

}  // namespace kmc::model::sem
