// A refcounted object cache, modelled from scratch with the kmc public API: a cache slot holds an
// object with a reference count; lookup finds the object under the cache lock and takes a
// reference, evict unlinks it and drops the cache's reference, the last put frees it.
// The bug (Fix::None): lookup takes its reference after dropping the cache lock, so an evict in
// between frees the object under it (lookup-then-get race: the free races with lookup's access).
#pragma once

#include <kmc/kmc.hpp>

namespace cache {

// Which lookup to build: the racy one, or the fix (the reference taken under the cache lock).
enum class Fix { None, GetUnderLock };

struct Object {
  kmc::RefCount ref{"obj.ref"};
  kmc::Tracked<int> value{"obj.value", 42};
  Object() { ref.init({kmc::Holder{"cache"}}); }
};

struct Cache {
  kmc::Mutex lock{"cache.lock"};
  kmc::Tracked<kmc::Ptr<Object>> slot{"cache.slot", nullptr};
};

// A thread's temporary reference: it must be dropped before the thread ends.
inline const kmc::Holder kLookupRef{"lookup", 0, 0, true};

// obj_put: drops reference `h`; the last one frees the object.
inline void put(const kmc::Ptr<Object>& o, const kmc::Holder& h) {
  if (o.at("put").ref.dec_and_test(h, "put: dec")) kmc::free(o, "put: free");
}

// cache_lookup: the object in the cache with a reference for the caller, or null.
inline kmc::Ptr<Object> lookup(Cache& c, Fix fix) {
  c.lock.lock("lookup: lock");
  kmc::Ptr<Object> o = c.slot.get("lookup: read slot");
  if (o && fix == Fix::GetUnderLock) o.at("lookup: get").ref.inc(kLookupRef, "lookup: get");
  c.lock.unlock("lookup: unlock");
  if (o && fix == Fix::None) o.at("lookup: get").ref.inc(kLookupRef, "lookup: get");  // the bug
  return o;
}

// cache_evict: unlinks the object and drops the cache's reference.
inline void evict(Cache& c) {
  c.lock.lock("evict: lock");
  const kmc::Ptr<Object> o = c.slot.get("evict: read slot");
  c.slot.set(nullptr, "evict: clear slot");
  c.lock.unlock("evict: unlock");
  if (o) put(o, kmc::Holder{"cache"});
}

// The scenario: a cache holding one object; one thread looks it up and uses it, one evicts it.
// Every heap object must be freed or still in the cache at the end (the leak check).
inline void model(Fix fix) {
  const kmc::Ptr<Cache> c = kmc::make_initial<Cache>("cache", "setup");
  c.unchecked()->slot.set(kmc::make_initial<Object>("obj", "setup"), "setup");
  kmc::leak_roots([c] {
    kmc::mark(c);
    kmc::mark(c.unchecked()->slot.peek());
  });
  kmc::spawn("lookup", [c, fix] {
    const kmc::Ptr<Object> o = lookup(*c.unchecked(), fix);
    if (!o) return;
    (void)o.at("use").value.get("use: read value");
    put(o, kLookupRef);
  });
  kmc::spawn("evict", [c] { evict(*c.unchecked()); });
}

}  // namespace cache
