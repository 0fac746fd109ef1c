#include "bench/classic.hpp"

#include <string>
#include <vector>

#include "checker/execution.hpp"
#include "checker/primitives/locks.hpp"
#include "checker/primitives/variables.hpp"

namespace kmc::bench {

namespace {

template <typename T>
using Owned = std::vector<std::unique_ptr<T>>;

// Shared state of one execution, owned by the program instance.
struct State : ProgramInstance {
  Owned<Shared<int>> shared;
  Owned<Tracked<int>> tracked;
  Owned<Mutex> locks;
};

// A program defined by a name and a function that builds state and threads.
class FunctionProgram final : public Program {
 public:
  using Build = void (*)(Execution&, State&, int);
  FunctionProgram(std::string name, int n, Build build) : name_(std::move(name)), n_(n), build_(build) {}
  [[nodiscard]] std::unique_ptr<ProgramInstance> instantiate(Execution& ex) const override {
    auto state = std::make_unique<State>();
    build_(ex, *state, n_);
    return state;
  }
  [[nodiscard]] std::string name() const override { return name_ + "(" + std::to_string(n_) + ")"; }

 private:
  std::string name_;
  int n_;
  Build build_;
};

void build_lastzero(Execution& ex, State& s, int n) {
  for (int i = 0; i <= n; ++i) {
    s.shared.push_back(std::make_unique<Shared<int>>(ex, "array[" + std::to_string(i) + "]", 0));
  }
  ex.spawn("T0", [&s, n] {
    for (int i = n; s.shared[i]->load("scan") != 0; --i) {
    }
  });
  for (int j = 1; j <= n; ++j) {
    ex.spawn("T" + std::to_string(j), [&s, j] {
      const int before = s.shared[j - 1]->load("read array[j-1]");
      s.shared[j]->store(before + 1, "write array[j]");
    });
  }
}

void build_readers(Execution& ex, State& s, int n) {
  s.shared.push_back(std::make_unique<Shared<int>>(ex, "x", 0));
  ex.spawn("writer", [&s] { s.shared[0]->store(1, "x = 1"); });
  for (int r = 0; r < n; ++r) {
    ex.spawn("reader" + std::to_string(r), [&s] { (void)s.shared[0]->load("read x"); });
  }
}

constexpr int kNumBlocks = 26;
constexpr int kNumInodes = 32;

void build_filesystem(Execution& ex, State& s, int n) {
  // tracked[0..31] = inode, tracked[32..57] = busy; locks[0..31] = inode locks, [32..57] blocks.
  for (int i = 0; i < kNumInodes; ++i) {
    s.tracked.push_back(std::make_unique<Tracked<int>>(ex, "inode[" + std::to_string(i) + "]", 0));
    s.locks.push_back(std::make_unique<Mutex>(ex, "locki[" + std::to_string(i) + "]", "locki"));
  }
  for (int b = 0; b < kNumBlocks; ++b) {
    s.tracked.push_back(std::make_unique<Tracked<int>>(ex, "busy[" + std::to_string(b) + "]", 0));
    s.locks.push_back(std::make_unique<Mutex>(ex, "lockb[" + std::to_string(b) + "]", "lockb"));
  }
  for (int t = 0; t < n; ++t) {
    ex.spawn("T" + std::to_string(t), [&s, t] {
      const int i = t % kNumInodes;
      Tracked<int>& inode = *s.tracked[i];
      s.locks[i]->lock("lock(locki[i])");
      if (inode.get("inode[i] == 0") == 0) {
        int b = (i * 2) % kNumBlocks;
        for (;;) {
          Mutex& lockb = *s.locks[kNumInodes + b];
          Tracked<int>& busy = *s.tracked[kNumInodes + b];
          lockb.lock("lock(lockb[b])");
          if (busy.get("busy[b]") == 0) {
            busy.set(1, "busy[b] = true");
            inode.set(b + 1, "inode[i] = b+1");
            lockb.unlock("unlock(lockb[b])");
            break;
          }
          lockb.unlock("unlock(lockb[b])");
          b = (b + 1) % kNumBlocks;
        }
      }
      s.locks[i]->unlock("unlock(locki[i])");
    });
  }
}

constexpr int kIndexerSize = 128;
constexpr int kIndexerMax = 4;

void build_indexer(Execution& ex, State& s, int n) {
  for (int h = 0; h < kIndexerSize; ++h) {
    s.tracked.push_back(std::make_unique<Tracked<int>>(ex, "table[" + std::to_string(h) + "]", 0));
    s.locks.push_back(std::make_unique<Mutex>(ex, "cas_mutex[" + std::to_string(h) + "]", "cas_mutex"));
  }
  for (int t = 0; t < n; ++t) {
    ex.spawn("T" + std::to_string(t), [&s, t] {
      for (int m = 1; m <= kIndexerMax; ++m) {
        const int w = m * 11 + t;
        int h = (w * 7) % kIndexerSize;
        for (;;) {
          s.locks[h]->lock("cas: lock");
          const bool empty = s.tracked[h]->get("cas: table[h] == 0") == 0;
          if (empty) s.tracked[h]->set(w, "cas: table[h] = w");
          s.locks[h]->unlock("cas: unlock");
          if (empty) break;
          h = (h + 1) % kIndexerSize;
        }
      }
    });
  }
}

void build_steps(Execution& ex, State& s, int n) {
  s.shared.push_back(std::make_unique<Shared<int>>(ex, "x", 0));
  for (int t = 0; t < 2; ++t) {
    ex.spawn("T" + std::to_string(t), [&s, n, t] {
      for (int i = 0; i < n; ++i) s.shared[0]->store(t, "store");
    });
  }
}

void build_abba(Execution& ex, State& s, int) {
  s.locks.push_back(std::make_unique<Mutex>(ex, "A", "lock_A"));
  s.locks.push_back(std::make_unique<Mutex>(ex, "B", "lock_B"));
  Mutex& a = *s.locks[0];
  Mutex& b = *s.locks[1];
  ex.spawn("T1", [&a, &b] {
    a.lock("T1 takes A");
    b.lock("T1 takes B");
    b.unlock("T1 drops B");
    a.unlock("T1 drops A");
  });
  ex.spawn("T2", [&a, &b] {
    b.lock("T2 takes B");
    a.lock("T2 takes A");
    a.unlock("T2 drops A");
    b.unlock("T2 drops B");
  });
}

}  // namespace

std::unique_ptr<Program> lastzero(int n) {
  return std::make_unique<FunctionProgram>("lastzero", n, build_lastzero);
}
std::unique_ptr<Program> readers(int n) {
  return std::make_unique<FunctionProgram>("readers", n, build_readers);
}
std::unique_ptr<Program> filesystem(int n) {
  return std::make_unique<FunctionProgram>("filesystem", n, build_filesystem);
}
std::unique_ptr<Program> indexer(int n) {
  return std::make_unique<FunctionProgram>("indexer", n, build_indexer);
}
std::unique_ptr<Program> steps(int n) {
  return std::make_unique<FunctionProgram>("steps", n, build_steps);
}
std::unique_ptr<Program> abba(int n) {
  return std::make_unique<FunctionProgram>("abba", n, build_abba);
}

}  // namespace kmc::bench
