// Fuzzing the parser with RapidCheck: random bytes and mutated valid files never crash it and
// never let an exception out; every error it gives has a place inside the input.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "model/scenario/parser.hpp"
#include "tests/scenario/toy_model.hpp"

namespace kmc::scenario {
namespace {

const std::vector<std::string> kCorpus = {
    "# desc\nmodel toy\nconfig start=3 slots=2\nvariant V-toy\noption address-reuse\n"
    "process P2\nsetup\n  alloc -> h\nthread T1\n  use h\n  strlen \"/s\" -> n\n"
    "thread T2 in P2\n  flags A|B -> f\n  add 1 f\nallow blocked T1\n"
    "expect violation use-after-free\n",
    "model toy\nthread A\n  fork -> p\nthread B in p\n  getpid -> x\n  check x 2\nexpect pass\n",
    "model toy\nthread T1\n  ab\nthread T2\n  ba\nexpect violation lock-order deadlock\n",
};

// Words the mutator splices in, so mutations reach deep into the grammar.
const std::vector<std::string> kWords = {"model",
                                         "toy",
                                         "config",
                                         "start=",
                                         "variant",
                                         "option",
                                         "process",
                                         "setup",
                                         "thread",
                                         "in",
                                         "allow",
                                         "blocked",
                                         "expect",
                                         "pass",
                                         "violation",
                                         "->",
                                         "|",
                                         "\"",
                                         "#",
                                         "\n",
                                         " ",
                                         "alloc",
                                         "free",
                                         "use",
                                         "h",
                                         "-1",
                                         "0x",
                                         "A|C",
                                         "99999999999999999999",
                                         "/",
                                         "fork",
                                         "p",
                                         "\r",
                                         "\t",
                                         "="};

void check_parse(const std::string& text) {
  ParseResult r;
  try {
    r = parse_scenario(text, "f.scn", testing::toy_models());
  } catch (...) {
    RC_FAIL("parse_scenario threw");
  }
  RC_ASSERT(r.scenario.has_value() == r.errors.empty());
  const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  for (const Diagnostic& d : r.errors) {
    RC_ASSERT(d.pos.line >= 0);
    RC_ASSERT(d.pos.line <= lines);
    RC_ASSERT(!d.message.empty());
  }
}

RC_GTEST_PROP(ScenarioFuzz, RandomBytesNeverCrash, ()) {
  const auto bytes = *rc::gen::container<std::string>(rc::gen::arbitrary<char>());
  check_parse(bytes);
}

RC_GTEST_PROP(ScenarioFuzz, RandomPrintableLinesNeverCrash, ()) {
  const auto text = *rc::gen::container<std::string>(
      rc::gen::oneOf(rc::gen::inRange<char>(' ', '~'), rc::gen::element('\n', '\n', '"', '#')));
  check_parse("model toy\n" + text);
}

RC_GTEST_PROP(ScenarioFuzz, MutatedValidFilesNeverCrash, ()) {
  std::string text = *rc::gen::elementOf(kCorpus);
  const int mutations = *rc::gen::inRange(1, 8);
  for (int m = 0; m < mutations; ++m) {
    const std::size_t at = *rc::gen::inRange<std::size_t>(0, text.size() + 1);
    switch (*rc::gen::inRange(0, 5)) {
      case 0:  // delete a short span
        text.erase(at, *rc::gen::inRange<std::size_t>(1, 6));
        break;
      case 1:  // insert a grammar word
        text.insert(at, *rc::gen::elementOf(kWords));
        break;
      case 2:  // insert any byte
        text.insert(at, 1, *rc::gen::arbitrary<char>());
        break;
      case 3: {  // duplicate a span elsewhere
        const std::size_t from = *rc::gen::inRange<std::size_t>(0, text.size() + 1);
        const std::string span = text.substr(from, *rc::gen::inRange<std::size_t>(1, 30));
        text.insert(at, span);
        break;
      }
      default:  // flip a byte
        if (at < text.size())
          text[at] = static_cast<char>(text[at] ^ (1 << *rc::gen::inRange(0, 8)));
        break;
    }
  }
  check_parse(text);
}

TEST(ScenarioFuzz, CorpusIsValid) {
  for (const std::string& text : kCorpus) {
    const ParseResult r = parse_scenario(text, "f.scn", testing::toy_models());
    EXPECT_TRUE(r.scenario) << (r.errors.empty() ? "" : r.errors[0].format());
  }
}

}  // namespace
}  // namespace kmc::scenario
