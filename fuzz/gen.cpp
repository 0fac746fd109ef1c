#include "fuzz/gen.hpp"

#include <algorithm>

namespace kmc::fuzz {
namespace {

// Small integers, mostly in the range operations care about (0..4), sometimes -1..8.
rc::Gen<int> small_int() {
  return rc::gen::weightedOneOf<int>({{4, rc::gen::inRange(0, 5)}, {1, rc::gen::inRange(-1, 9)}});
}

rc::Gen<RawArg> raw_arg() {
  return rc::gen::build<RawArg>(
      rc::gen::set(&RawArg::literal, rc::gen::weightedElement<bool>({{3, false}, {1, true}})),
      rc::gen::set(&RawArg::value, small_int()),
      rc::gen::set(&RawArg::syms, rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 16))));
}

rc::Gen<RawOp> raw_op(int ops, int max_args) {
  return rc::gen::build<RawOp>(
      rc::gen::set(&RawOp::op, rc::gen::inRange(0, std::max(ops, 1))),
      rc::gen::set(&RawOp::args, rc::gen::container<std::vector<RawArg>>(
                                     static_cast<std::size_t>(max_args), raw_arg())),
      rc::gen::set(&RawOp::omit, rc::gen::weightedOneOf<int>(
                                     {{3, rc::gen::just(0)}, {1, rc::gen::inRange(1, 4)}})));
}

// `n` in [lo, hi] elements of `g` (shrinks towards fewer and simpler elements).
template <typename T>
rc::Gen<std::vector<T>> some(int lo, int hi, rc::Gen<T> g) {
  return rc::gen::mapcat(rc::gen::inRange(lo, hi + 1), [g](int n) {
    return rc::gen::container<std::vector<T>>(static_cast<std::size_t>(n), g);
  });
}

}  // namespace

rc::Gen<RawScenario> gen_raw_scenario(const model::ModelDescriptor& model, const Shape& shape) {
  const int ops = static_cast<int>(model.ops.size());
  const int params = static_cast<int>(model.params.size());
  const rc::Gen<RawOp> op = raw_op(ops, shape.max_args);
  const rc::Gen<RawThread> thread = rc::gen::build<RawThread>(
      rc::gen::set(&RawThread::where, rc::gen::weightedOneOf<int>(
                                          {{3, rc::gen::just(0)}, {1, rc::gen::inRange(1, 4)}})),
      rc::gen::set(&RawThread::ops, some(1, std::max(shape.max_ops, 1), op)));
  const rc::Gen<std::pair<int, int>> param =
      rc::gen::pair(rc::gen::inRange(0, std::max(params, 1)), rc::gen::inRange(0, 6));
  return rc::gen::build<RawScenario>(
      rc::gen::set(&RawScenario::params, some(0, params > 0 ? 2 : 0, param)),
      rc::gen::set(&RawScenario::processes, rc::gen::weightedElement<int>({{4, 0}, {1, 1}})),
      rc::gen::set(&RawScenario::setup, some(0, std::max(shape.max_setup, 0), op)),
      rc::gen::set(&RawScenario::threads, some(2, std::max(shape.max_threads, 2), thread)));
}

void showValue(const RawScenario& raw, std::ostream& os) {
  std::size_t n = raw.setup.size();
  for (const RawThread& t : raw.threads) n += t.ops.size();
  os << raw.threads.size() << " threads, " << n << " operations (setup " << raw.setup.size() << ")";
}

}  // namespace kmc::fuzz
