#include "fuzz/gen.hpp"

#include <algorithm>
#include <cstdint>

#include "fuzz/config.hpp"

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

// `lo` with weight `keep`, else one of lo+1..hi uniformly (weight `other`); shrinks towards `lo`,
// trying `lo` itself first. (rc::gen::weightedOneOf never shrinks across its alternatives.)
rc::Gen<int> biased(int lo, int hi, int keep, int other) {
  return rc::Gen<int>([=](const rc::Random& random, int /*size*/) {
    rc::Random r(random);
    int v = lo;
    if (hi > lo &&
        r.next() % static_cast<std::uint64_t>(keep + other) >= static_cast<std::uint64_t>(keep))
      v = lo + 1 + static_cast<int>(r.next() % static_cast<std::uint64_t>(hi - lo));
    return rc::shrinkable::shrinkRecur(v, [lo](int x) { return rc::shrink::towards(x, lo); });
  });
}

// `count` elements of `g`; shrinks by removing any run of elements down to `lo` of them (not only
// the last ones, so a 3-thread case whose first thread does not matter becomes a 2-thread one),
// and by shrinking each element.
template <typename T>
rc::Gen<std::vector<T>> some(rc::Gen<int> count, std::size_t lo, rc::Gen<T> g) {
  using Elements = std::vector<rc::Shrinkable<T>>;
  return rc::Gen<std::vector<T>>([=](const rc::Random& random, int size) {
    rc::Random r(random);
    const int n = count(r.split(), size).value();
    Elements elements;
    for (int i = 0; i < n; ++i) elements.push_back(g(r.split(), size));
    const auto shrinks = [lo](const Elements& es) {
      return rc::seq::concat(
          rc::seq::filter(rc::shrink::removeChunks(es),
                          [lo](const Elements& fewer) { return fewer.size() >= lo; }),
          rc::shrink::eachElement(es, [](const rc::Shrinkable<T>& e) { return e.shrinks(); }));
    };
    return rc::shrinkable::map(rc::shrinkable::shrinkRecur(std::move(elements), shrinks),
                               [](const Elements& es) {
                                 std::vector<T> out;
                                 for (const rc::Shrinkable<T>& e : es) out.push_back(e.value());
                                 return out;
                               });
  });
}

// One choice per setting (the first `n` of the space): 0 in nine cases of ten, else one of the
// setting's values. Each element shrinks on its own, towards 0.
rc::Gen<std::vector<int>> config_choices(const std::vector<Setting>& space, std::size_t n) {
  rc::Gen<std::vector<int>> acc = rc::gen::just(std::vector<int>{});
  for (std::size_t i = 0; i < n && i < space.size(); ++i) {
    const int k = static_cast<int>(space[i].values.size());
    acc = rc::gen::map(rc::gen::pair(acc, biased(0, k, 9, 1)),
                       [](std::pair<std::vector<int>, int> p) {
                         p.first.push_back(p.second);
                         return std::move(p.first);
                       });
  }
  return acc;
}

}  // namespace

rc::Gen<RawScenario> gen_raw_scenario(const model::ModelDescriptor& model, const Shape& shape) {
  const int ops = static_cast<int>(model.ops.size());
  const rc::Gen<RawOp> op = raw_op(ops, shape.max_args);
  const rc::Gen<RawThread> thread = rc::gen::build<RawThread>(
      rc::gen::set(&RawThread::where, rc::gen::weightedOneOf<int>(
                                          {{3, rc::gen::just(0)}, {1, rc::gen::inRange(1, 4)}})),
      rc::gen::set(&RawThread::ops,
                   some(rc::gen::inRange(1, std::max(shape.max_ops, 1) + 1), 1, op)));
  const int max_threads = std::max(shape.max_threads, 2);
  const std::vector<Setting> space = config_space(model);
  return rc::gen::build<RawScenario>(
      rc::gen::set(&RawScenario::config,
                   config_choices(space, fuzzed_settings(model, shape.variants))),
      rc::gen::set(&RawScenario::processes, rc::gen::weightedElement<int>({{4, 0}, {1, 1}})),
      rc::gen::set(&RawScenario::setup,
                   some(rc::gen::inRange(0, std::max(shape.max_setup, 0) + 1), 0, op)),
      rc::gen::set(&RawScenario::threads, some(biased(2, max_threads, 3, 1), 2, thread)));
}

void showValue(const RawScenario& raw, std::ostream& os) {
  std::size_t n = raw.setup.size();
  for (const RawThread& t : raw.threads) n += t.ops.size();
  const auto settings =
      std::count_if(raw.config.begin(), raw.config.end(), [](int c) { return c != 0; });
  os << raw.threads.size() << " threads, " << n << " operations (setup " << raw.setup.size()
     << "), " << settings << " non-default settings";
}

}  // namespace kmc::fuzz
