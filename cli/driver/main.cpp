// kmc: the kmc command, a driver of its shipped models (fd, sem, kq, cross), registered as a
// user's driver registers its own (include/kmc/main.hpp).
#include "kmc/main.hpp"

int main(int argc, char** argv) {
  return kmc::main(argc, argv, kmc::shipped_entries());
}
