// The cache's tests: kmc finds the lookup-then-get race and proves the fix.
#include <kmc/gtest.hpp>

#include "cache.hpp"

// Evict frees the object while lookup, past the lock, is about to take its reference: the free is
// not ordered after lookup's access to the object (kmc reports a free racing with an access as a
// data-race on the object's memory, before the access can turn into a use-after-free).
TEST(Cache, LookupThenGetRacesWithTheFree) {
  KMC_EXPECT_VIOLATION(kmc::ViolationKind::DataRace, kmc::Options{},
                       [] { cache::model(cache::Fix::None); });
}

TEST(Cache, TakingTheReferenceUnderTheLockIsSafe) {
  KMC_EXPECT_NO_VIOLATION(kmc::Options{}, [] { cache::model(cache::Fix::GetUnderLock); });
}
