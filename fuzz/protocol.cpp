#include "fuzz/protocol.hpp"

#include <map>
#include <memory>
#include <mutex>

namespace kmc::fuzz {
namespace {

using R = Res;
constexpr Role kRel = Role::Release;

ArgRule a(Res t, Role r = Role::Plain) {
  return ArgRule{t, r};
}

using Table = std::map<std::string, OpRule>;

// fs/file.c (model fd). fget*/alloc_fd/get_files start a hold that the same thread ends; the
// file ops tolerate any descriptor number (-EBADF), so fds are plain values.
Table fd_table() {
  Table t;
  t["open"] = {R::Fd, {a(R::None)}};
  t["close"] = {R::None, {a(R::Fd)}};
  t["dup"] = {R::Fd, {a(R::Fd)}};
  t["dup2"] = {R::Fd, {a(R::Fd), a(R::FdNum)}};
  t["dup3"] = {R::Fd, {a(R::Fd), a(R::FdNum), a(R::None)}};
  t["fcntl_dupfd"] = {R::Fd, {a(R::Fd), a(R::Small), a(R::Bool)}};
  t["fget"] = {R::File, {a(R::Fd)}};
  t["fget_raw"] = {R::File, {a(R::Fd)}};
  t["fget_light"] = {R::Borrow, {a(R::Fd)}};
  t["fget_raw_light"] = {R::Borrow, {a(R::Fd)}};
  t["fput"] = {R::None, {a(R::File, kRel)}};
  t["fput_light"] = {R::None, {a(R::Borrow, kRel)}};
  t["use"] = {R::None, {a(R::AnyFile)}};
  t["set_cloexec"] = {R::None, {a(R::Fd), a(R::Bool)}};
  t["get_cloexec"] = {R::None, {a(R::Fd)}};
  t["replace_fd"] = {R::Fd, {a(R::FdNum), a(R::FileOr0), a(R::None)}};
  t["iterate_fd"] = {R::None, {a(R::Small), a(R::FilesOr0)}};
  t["alloc_fd"] = {R::Larval, {a(R::Small), a(R::None), a(R::Zero)}, false, true};
  t["install"] = {R::Fd, {a(R::Larval, kRel), a(R::File, kRel), a(R::Zero)}, false, true};
  t["put_unused_fd"] = {R::None, {a(R::Larval, kRel)}};
  t["clone_thread"] = {R::Pid, {}, true};
  t["fork"] = {R::Pid, {}, true};
  t["exec"] = {R::None, {a(R::Bool)}, true};
  t["exit"] = {R::None, {}, true};
  t["get_files"] = {R::Files, {a(R::Pid)}};
  t["put_files"] = {R::None, {a(R::Files, kRel)}};
  t["close_foreign"] = {R::None, {a(R::Files), a(R::FdNum)}};
  t["reset_files"] = {R::None, {a(R::Files, kRel)}, false, false, false, true};
  return t;
}

Table sem_table(const std::string& prefix) {
  Table t;
  t[prefix + "init"] = {R::Sem, {a(R::Small)}};
  t[prefix + "open"] = {R::Sem, {a(R::None), a(R::None), a(R::None), a(R::Small)}};
  t[prefix + "unlink"] = {R::None, {a(R::None)}};
  for (const char* op : {"close", "post", "wait", "trywait", "getvalue", "destroy"})
    t[prefix + op] = {R::None, {a(R::Sem)}};
  return t;
}

Table kq_table() {
  Table t;
  t["kqueue"] = {R::Kq, {}};
  t["change"] = {R::None,
                 {a(R::Ident), a(R::None), a(R::None), a(R::None), a(R::Small), a(R::Small)}};
  t["kevent"] = {R::None, {a(R::Kq), a(R::Small), a(R::None)}};
  t["register"] = {R::None,
                   {a(R::Kq), a(R::Ident), a(R::None), a(R::None), a(R::None), a(R::Small)}};
  t["open"] = {R::Fd, {}};
  t["mfile_open"] = {R::Fd, {a(R::Mfile)}};
  t["close"] = {R::None, {a(R::Fd)}};
  t["dup"] = {R::Fd, {a(R::Fd)}};
  t["dup2"] = {R::Fd, {a(R::Fd), a(R::FdNum)}};
  t["set_cloexec"] = {R::None, {a(R::Fd), a(R::Bool)}, false, false, true};
  t["set_readable"] = {R::None, {a(R::Mfile), a(R::Small)}};
  t["signal"] = {R::None, {a(R::Pid), a(R::Signal)}};
  t["fs_event"] = {R::None, {a(R::None)}};
  t["mfile_assume"] = {R::None, {a(R::Mfile), a(R::Mfile)}};
  t["read"] = {R::None, {a(R::Fd)}};
  t["write"] = {R::None, {a(R::Fd)}};
  t["ioctl"] = {R::None, {a(R::Fd), a(R::None), a(R::Pid)}};
  t["fstat"] = {R::None, {a(R::Fd)}};
  t["fork"] = {R::Pid, {}, true};
  t["exec"] = {R::None, {}, true};
  t["exit"] = {R::None, {a(R::Small)}, true};
  return t;
}

// The generator tables of the shipped models; another model has none (has_generator()).
Table table_for(const std::string& model) {
  if (model == "fd") return fd_table();
  if (model == "sem") {
    Table t = sem_table("");
    t["fork"] = {R::Pid, {}, true};
    t["exec"] = {R::None, {}, true};
    t["exit"] = {R::None, {}, true};
    return t;
  }
  Table t = kq_table();
  if (model == "cross") {
    const Table s = sem_table("sem_");
    t.insert(s.begin(), s.end());
  }
  return t;
}

std::unique_ptr<Protocol> build(const model::ModelDescriptor& m) {
  auto p = std::make_unique<Protocol>();
  p->model = &m;
  const Table t = table_for(m.name);
  for (const model::OpSpec& op : m.ops) {
    auto it = t.find(op.name);
    p->known.push_back(it != t.end());
    p->ops.push_back(it != t.end() ? it->second : OpRule{});
  }
  if (m.name == "fd") {
    p->one_thread_per_task = true;
    p->sibling_op = "clone_thread";
  }
  return p;
}

}  // namespace

bool is_resource(Res r) {
  return r == Res::File || r == Res::Borrow || r == Res::Larval || r == Res::Files;
}

int Protocol::releaser(Res r) const {
  const char* name = r == Res::File     ? "fput"
                     : r == Res::Borrow ? "fput_light"
                     : r == Res::Larval ? "put_unused_fd"
                     : r == Res::Files  ? "put_files"
                                        : "";
  return model->find_op(name);
}

const Protocol& protocol_of(const model::ModelDescriptor& model) {
  static std::mutex mu;
  static std::map<const model::ModelDescriptor*, std::unique_ptr<Protocol>> cache;
  const std::lock_guard<std::mutex> lock(mu);
  std::unique_ptr<Protocol>& p = cache[&model];
  if (!p) p = build(model);
  return *p;
}

bool has_generator(const model::ModelDescriptor& model) {
  return model.name == "fd" || model.name == "sem" || model.name == "kq" || model.name == "cross";
}

std::vector<std::string> ops_without_rule(const model::ModelDescriptor& model) {
  const Protocol& p = protocol_of(model);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < model.ops.size(); ++i) {
    if (!p.known[i]) {
      out.push_back(model.ops[i].name);
      continue;
    }
    const OpRule& r = p.ops[i];
    if (r.args.size() != model.ops[i].args.size()) out.push_back(model.ops[i].name + " (arity)");
  }
  return out;
}

}  // namespace kmc::fuzz
