// counter_kmc: the kmc command (run, test, list, ...) over the counter model alone.
#include "counter_model.hpp"

int main(int argc, char** argv) {
  return kmc::main(argc, argv, {&counter::descriptor()});
}
