#include "checker/trace.hpp"

namespace kmc {

const ObjectInfo* Trace::object(ObjectId id) const {
  for (const ObjectInfo& info : objects)
    if (info.id == id) return &info;
  return nullptr;
}

std::string Trace::object_name(ObjectId id) const {
  if (id == kNoObject) return "";
  if (id == kEverything) return "*";
  const ObjectInfo* info = object(id);
  return info ? info->name : "obj" + std::to_string(id);
}

bool Trace::records(ViolationKind kind) const {
  if (violation && violation->kind == kind) return true;
  for (const Violation& v : survived)
    if (v.kind == kind) return true;
  return false;
}

}  // namespace kmc
