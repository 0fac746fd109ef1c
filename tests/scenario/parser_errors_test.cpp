// Every kind of malformed scenario gives FILE:LINE:COL and says what was expected.
#include <gtest/gtest.h>

#include "model/scenario/parser.hpp"
#include "tests/scenario/toy_model.hpp"

namespace kmc::scenario {
namespace {

struct Case {
  const char* text;
  const char* where;  // "LINE:COL" of the first error
  const char* says;   // a substring of its message
};

// The body most cases build on: a valid scenario with one line replaced.
const Case kCases[] = {
    {"thread T\n  inc\nexpect pass\n", "1:1", "expected 'model NAME' as the first directive"},
    {"inc\n", "1:1", "expected 'model NAME' as the first directive, found 'inc'"},
    {"model\nthread T\n  inc\nexpect pass\n", "1:6", "expected a model name"},
    {"model tyo\nthread T\n  inc\nexpect pass\n", "1:7",
     "unknown model 'tyo' (known models: toy), did you mean 'toy'?"},
    {"model toy extra\nthread T\n  inc\nexpect pass\n", "1:11", "unexpected 'extra'"},
    {"model toy\nmodel toy\nthread T\n  inc\nexpect pass\n", "2:1", "duplicate 'model' line"},
    {"model toy\nconfig\nthread T\n  inc\nexpect pass\n", "2:1", "expected KEY=VALUE"},
    {"model toy\nconfig start\nthread T\n  inc\nexpect pass\n", "2:8",
     "expected KEY=VALUE, found 'start'"},
    {"model toy\nconfig strat=1\nthread T\n  inc\nexpect pass\n", "2:8",
     "unknown parameter 'strat' of model toy (parameters: start, slots), did you mean 'start'?"},
    {"model toy\nconfig start=x1\nthread T\n  inc\nexpect pass\n", "2:14",
     "expected an integer value for 'start', found 'x1'"},
    {"model toy\nconfig start=101\nthread T\n  inc\nexpect pass\n", "2:14",
     "start=101 is out of range: start must be in [0, 100]"},
    {"model toy\nconfig start=99999999999999999999\nthread T\n  inc\nexpect pass\n", "2:14",
     "expected an integer value"},
    {"model toy\nconfig start=1 start=2\nthread T\n  inc\nexpect pass\n", "2:16",
     "parameter 'start' is set twice"},
    {"model toy\nvariant V-tay\nthread T\n  inc\nexpect pass\n", "2:9",
     "unknown variant 'V-tay' of model toy (variants: V-toy), did you mean 'V-toy'?"},
    {"model toy\noption adress-reuse\nthread T\n  inc\nexpect pass\n", "2:8",
     "unknown option 'adress-reuse' (options: address-reuse, fault-injection, biglock, "
     "early-timeouts), did you mean 'address-reuse'?"},
    {"model toy\noption early-timeouts=0\nthread T\n  inc\nexpect pass\n", "2:8",
     "expected early-timeouts or early-timeouts=N with N in [1, 8], found 'early-timeouts=0'"},
    {"model toy\noption early-timeouts=x\nthread T\n  inc\nexpect pass\n", "2:8",
     "expected early-timeouts or early-timeouts=N with N in [1, 8]"},
    {"model toy\noption early-timeoutsy\nthread T\n  inc\nexpect pass\n", "2:8",
     "expected early-timeouts or early-timeouts=N"},
    {"model toy\nprocess 2P\nthread T\n  inc\nexpect pass\n", "2:9", "expected a process name"},
    {"model toy\nprocess P P\nthread T\n  inc\nexpect pass\n", "2:11",
     "'P' is already the name of a process"},
    {"model toy\nsetup\n  inc\nsetup\nthread T\n  inc\nexpect pass\n", "4:1", "duplicate 'setup'"},
    {"model toy\nthread T\n  inc\nsetup\n  inc\nexpect pass\n", "4:1",
     "'setup' must come before the first 'thread'"},
    {"model toy\nsetup inc\nthread T\n  inc\nexpect pass\n", "2:7",
     "unexpected 'inc' after 'setup'"},
    {"model toy\nthread\n  inc\nexpect pass\n", "2:1", "expected a thread name"},
    {"model toy\nthread T\n  inc\nthread T\n  inc\nexpect pass\n", "4:8", "duplicate thread 'T'"},
    {"model toy\nthread setup\n  inc\nexpect pass\n", "2:8", "'setup' is reserved"},
    {"model toy\nthread T at P\n  inc\nexpect pass\n", "2:10", "expected 'in PROCESS'"},
    {"model toy\nthread T in\n  inc\nexpect pass\n", "2:12", "expected a process name after 'in'"},
    {"model toy\nthread T in Q\n  inc\nexpect pass\n", "2:13", "unknown process 'Q'"},
    {"model toy\nthread T in P\n  fork -> P\nexpect pass\n", "2:13",
     "it is bound by the thread's own operation"},
    {"model toy\nthread A in q\n  fork -> p\nthread B in p\n  fork -> q\nexpect pass\n", "2:1",
     "thread A can never start"},
    {"model toy\nthread T\nexpect pass\n", "2:1", "thread T has no operations"},
    {"model toy\nexpect pass\n", "2:1", "the scenario has no operations"},
    {"model toy\nthread T\n  inc\n", "3:1", "missing 'expect pass' or 'expect violation KIND...'"},
    {"model toy\nthread T\n  inc\nexpect\n", "4:1", "expected 'expect pass' or 'expect violation"},
    {"model toy\nthread T\n  inc\nexpect maybe\n", "4:8", "expected 'expect pass'"},
    {"model toy\nthread T\n  inc\nexpect pass now\n", "4:13", "unexpected 'now'"},
    {"model toy\nthread T\n  inc\nexpect violation\n", "4:8", "at least one violation kind"},
    {"model toy\nthread T\n  inc\nexpect violation use-after-fre\n", "4:18",
     "unknown violation kind 'use-after-fre'"},
    {"model toy\nthread T\n  inc\nexpect pass\nexpect pass\n", "5:1", "duplicate 'expect'"},
    {"model toy\nthread T\n  inc\nallow T\nexpect pass\n", "4:7", "expected 'allow blocked THREAD"},
    {"model toy\nthread T\n  inc\nallow blocked\nexpect pass\n", "4:7", "expected thread names"},
    {"model toy\nthread T\n  inc\nallow blocked U\nexpect pass\n", "4:15", "unknown thread 'U'"},
    {"model toy\ninc\nthread T\n  inc\nexpect pass\n", "2:1",
     "operations belong under 'setup' or 'thread NAME'"},
    {"model toy\nthread T\n  incc\nexpect pass\n", "3:3",
     "unknown operation 'incc' of model toy, did you mean 'inc'?"},
    {"model toy\nthread T\n  inc 1\nexpect pass\n", "3:7", "too many arguments: 'inc' takes 0"},
    {"model toy\nthread T\n  free\nexpect pass\n", "3:7",
     "missing argument 'h' (integer or result name) of 'free' (usage: free h)"},
    {"model toy\nthread T\n  add 1\nexpect pass\n", "3:8", "missing argument 'y'"},
    {"model toy\nthread T\n  add x 1\nexpect pass\n", "3:7", "argument 'x': expected integer"},
    {"model toy\nthread T\n  add \"1\" 1\nexpect pass\n", "3:7",
     "unexpected quoted string \"1\": quotes are only for Name arguments"},
    {"model toy\nthread T\n  free h\nexpect pass\n", "3:8",
     "unknown name 'h': not a result bound earlier"},
    {"model toy\nthread T\n  free 1x\nexpect pass\n", "3:8",
     "expected an integer or a result name"},
    {"model toy\nthread A\n  alloc -> h\nthread B\n  use h\nexpect pass\n", "5:7",
     "'h' is bound by thread A (line 3)"},
    {"model toy\nthread T\n  use h\n  alloc -> h\nexpect pass\n", "3:7", "unknown name 'h'"},
    {"model toy\nthread T\n  strlen s1\nexpect pass\n", "3:10", "expected name such as /s1"},
    {"model toy\nthread T\n  flags A|D\nexpect pass\n", "3:11",
     "unknown flag 'D' of model toy (flags: A, B, C)"},
    {"model toy\nthread T\n  flags A||B\nexpect pass\n", "3:11", "expected a flag name before '|'"},
    {"model toy\nthread T\n  alloc ->\nexpect pass\n", "3:11", "expected a result name after '->'"},
    {"model toy\nthread T\n  alloc -> 1h\nexpect pass\n", "3:12", "expected a result name"},
    {"model toy\nthread T\n  alloc -> h x\nexpect pass\n", "3:14",
     "unexpected 'x' after the result"},
    {"model toy\nthread T\n  alloc -> h\n  alloc -> h\nexpect pass\n", "4:12",
     "'h' is already bound at line 3"},
    {"model toy\nprocess h\nthread T\n  alloc -> h\nexpect pass\n", "4:12",
     "'h' is already the name of a process"},
    {"model toy\nthread T\n  strlen \"/abc\nexpect pass\n", "3:10", "unterminated string"},
    {"model toy\nthread T\n  inc \x01\nexpect pass\n", "3:7", "unexpected byte 0x01"},
    {"model toy\nthread T\n  inc \xc3\xa9\nexpect pass\n", "3:7", "unexpected byte 0xc3"},
    {"model toy\nthread T\n  strlen \"a\tb\"\nexpect pass\n", "3:12", "inside a string"},
    {"model toy\nthread T\n  -> x\nexpect pass\n", "3:3", "found '->'"},
    {"model toy\nthread T\n  \"inc\"\nexpect pass\n", "3:3", "unexpected quoted string \"inc\""},
    {"model \"toy\"\nthread T\n  inc\nexpect pass\n", "1:7", "unexpected quoted string \"toy\""},
    {"model toy\nthread T\n  inc\nexpect violation \"leak\"\n", "4:18",
     "unexpected quoted string \"leak\": quotes are only for Name arguments"},
    {"model toy\nthread \"T\"\n  inc\nexpect pass\n", "2:8", "unexpected quoted string \"T\""},
    {"model toy\nconfig \"start=1\"\nthread T\n  inc\nexpect pass\n", "2:8",
     "unexpected quoted string"},
    {"model toy\nthread T\n  alloc -> \"h\"\nexpect pass\n", "3:12", "unexpected quoted string"},
    {"model toy\nvariant\nthread T\n  inc\nexpect pass\n", "2:1", "expected a variant name"},
    {"model toy\noption\nthread T\n  inc\nexpect pass\n", "2:1", "expected an option"},
    {"model toy\nthread T\n  inc\nprocess P\nexpect pass\n", "4:1",
     "'process' lines must come before"},
};

class ParserErrors : public ::testing::TestWithParam<Case> {};

TEST_P(ParserErrors, NamesFileLineColumnAndWhatWasExpected) {
  const Case& c = GetParam();
  const ParseResult r = parse_scenario(c.text, "t.scn", testing::toy_models());
  EXPECT_FALSE(r.scenario);
  ASSERT_FALSE(r.errors.empty()) << c.text;
  const std::string first = r.errors[0].format();
  EXPECT_EQ(first.rfind(std::string("t.scn:") + c.where + ": error: ", 0), 0u)
      << "input:\n"
      << c.text << "\ngot: " << first;
  EXPECT_NE(first.find(c.says), std::string::npos) << "input:\n" << c.text << "\ngot: " << first;
}

INSTANTIATE_TEST_SUITE_P(Scenario, ParserErrors, ::testing::ValuesIn(kCases));

TEST(ScenarioParserErrors, ReportsEveryErrorNotJustTheFirst) {
  const ParseResult r = parse_scenario(
      "model toy\nconfig start=-1\nthread T\n  incc\n  free q\nexpect violation nope\n", "t.scn",
      testing::toy_models());
  ASSERT_EQ(r.errors.size(), 4u);
  EXPECT_EQ(r.errors[0].pos.line, 2);
  EXPECT_EQ(r.errors[1].pos.line, 4);
  EXPECT_EQ(r.errors[2].pos.line, 5);
  EXPECT_EQ(r.errors[3].pos.line, 6);
}

TEST(ScenarioParserErrors, UnknownModelDoesNotCascade) {
  const ParseResult r = parse_scenario("model nope\nconfig a=1\nthread T\n  foo\nexpect pass\n",
                                       "t.scn", testing::toy_models());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].format(), "t.scn:1:7: error: unknown model 'nope' (known models: toy)");
}

TEST(ScenarioParserErrors, ErrorFloodIsCapped) {
  std::string text = "model toy\n";
  for (int i = 0; i < 500; ++i) text += "bogus\n";
  const ParseResult r = parse_scenario(text, "t.scn", testing::toy_models());
  ASSERT_EQ(r.errors.size(), 51u);
  EXPECT_NE(r.errors.back().format().find("more errors not shown"), std::string::npos);
}

TEST(ScenarioParserErrors, TooLarge) {
  const std::string text(kMaxScenarioBytes + 1, '#');
  const ParseResult r = parse_scenario(text, "t.scn", testing::toy_models());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].format().find("t.scn: error: file too large"), std::string::npos);
}

TEST(ScenarioParserErrors, TooManyThreads) {
  std::string text = "model toy\n";
  for (int i = 0; i < 61; ++i) text += "thread T" + std::to_string(i) + "\n  inc\n";
  text += "expect pass\n";
  const ParseResult r = parse_scenario(text, "t.scn", testing::toy_models());
  ASSERT_FALSE(r.errors.empty());
  EXPECT_NE(r.errors[0].message.find("too many threads"), std::string::npos);
}

}  // namespace
}  // namespace kmc::scenario
