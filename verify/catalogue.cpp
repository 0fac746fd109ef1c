#include "verify/catalogue.hpp"

#include <set>
#include <sstream>

namespace kmc::verify {

const Catalogue* catalogue_of(const std::string& model) {
  // Built on first use; each is immutable afterwards, so worker threads may share them.
  static const Catalogue fd = detail::fd_catalogue();
  static const Catalogue sem = detail::sem_catalogue();
  static const Catalogue kq = detail::kq_catalogue();
  static const Catalogue cross = detail::cross_catalogue();
  if (model == "fd") return &fd;
  if (model == "sem") return &sem;
  if (model == "kq") return &kq;
  if (model == "cross") return &cross;
  return nullptr;
}

std::vector<std::string> ops_without_action(const Catalogue& c) {
  std::set<std::string> used;
  const auto first_word = [](const std::string& line) {
    std::istringstream in(line);
    std::string w;
    in >> w;
    return w;
  };
  for (const Action& a : c.actions)
    for (const std::string& line : a.ops) used.insert(first_word(line));
  std::vector<std::string> missing;
  for (const model::OpSpec& op : c.model->ops)
    if (used.count(op.name) == 0) missing.push_back(op.name);
  return missing;
}

}  // namespace kmc::verify
