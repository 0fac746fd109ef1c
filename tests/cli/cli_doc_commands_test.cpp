// Every kmc command the documentation shows works as documented (issue 15): the commands of
// README.md, reports/FINDINGS.md, reports/findings/*.md (and the other Markdown files of
// scenarios/, reports/, model/ and docs/) and the examples of each verb's --help are extracted;
// each replay (`--replay TOKEN`, `kmc replay FILE TOKEN`) and each `kmc list` is run, a replay must
// reproduce a violation (exit 1, and the kind its comment names); every other command must name an
// existing scenario path and only flags its verb's --help lists.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "tests/cli/kmc_process.hpp"

namespace kmc::testing {
namespace {

struct DocCommand {
  std::string where;  // "README.md:21"
  std::vector<std::string> args;
  std::string comment;  // after '#' on the line
};

// Placeholders the docs use where a reader fills in a value: such a command is a pattern.
bool is_pattern(const std::string& word) {
  static const std::regex kPlaceholder(
      R"((<|>|\[|\]|…|\.\.\.|^FILE$|^DIR$|^SCENARIO|^TOKEN$|^M$|^N$|^K$|^VERB$|^MODEL$|^B$|^NAME$|^S$|\*))");
  return std::regex_search(word, kPlaceholder);
}

// The kmc commands of `text` (one per line at most), from `source`.
void extract(const std::string& source, const std::string& text, std::vector<DocCommand>& out) {
  static const std::regex kCommand(
      R"((?:^|[\s`(])(?:build/)?kmc ((?:run|replay|test|list|fuzz|verify|bench)\b[^`#\n|]*)(#[^\n`]*)?)");
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    std::smatch m;
    if (!std::regex_search(line, m, kCommand)) continue;
    DocCommand c{source + ":" + std::to_string(n), {}, m[2].matched ? m[2].str() : ""};
    std::istringstream words(m[1].str());
    bool pattern = false;
    for (std::string w; words >> w;) {
      if (w.size() >= 2 && w.front() == '\'' && w.back() == '\'') w = w.substr(1, w.size() - 2);
      // Prose around a command: "(kmc list --models)", "... --ops."
      while (!w.empty() && (w.back() == ')' || w.back() == ',' || w.back() == ';' ||
                            (w.back() == '.' && w.find('/') == std::string::npos)))
        w.pop_back();
      if (w.empty()) continue;
      pattern = pattern || is_pattern(w);
      c.args.push_back(w);
    }
    // Prose ("kmc run never compares...") has no flag, file or number after the verb.
    const bool prose = c.args.size() >= 2 &&
                       std::regex_match(c.args[1], std::regex("[a-z]+[,.;:]?")) &&
                       c.args[1] != "lastzero" && c.args[1] != "readers" && c.args[1] != "steps";
    if (!pattern && !prose) out.push_back(std::move(c));
  }
}

std::vector<DocCommand> all_commands() {
  std::vector<DocCommand> out;
  const std::filesystem::path root = KMC_SOURCE_DIR;
  // README.md and every Markdown file under scenarios/, reports/ (FINDINGS.md, findings/*.md),
  // model/ and docs/.
  std::vector<std::filesystem::path> docs = {root / "README.md"};
  for (const char* dir : {"scenarios", "reports", "model", "docs"})
    for (const auto& e : std::filesystem::recursive_directory_iterator(root / dir))
      // docs/bad-input.md lists commands that are bad input on purpose (its own tests,
      // cli_input_test.cpp, check each answer).
      if (e.path().extension() == ".md" && e.path().filename() != "bad-input.md")
        docs.push_back(e.path());
  std::sort(docs.begin(), docs.end());
  for (const auto& d : docs)
    extract(std::filesystem::relative(d, root).string(), read_file(d), out);
  for (const char* verb : {"run", "replay", "test", "list", "fuzz", "verify", "bench"})
    extract(std::string("kmc ") + verb + " --help", run_kmc({verb, "--help"}).out, out);
  return out;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CliDocCommands, EveryDocumentedCommandWorksAsDocumented) {
  const std::vector<DocCommand> commands = all_commands();
  std::size_t replays = 0;
  std::size_t run_whole = 0;
  std::map<std::string, std::string> helps;
  for (const DocCommand& c : commands) {
    SCOPED_TRACE(c.where);
    const std::string& verb = c.args.at(0);
    const bool replay =
        verb == "replay" || std::find(c.args.begin(), c.args.end(), "--replay") != c.args.end();
    if (replay || verb == "list") {
      const KmcOutput r = run_kmc(c.args);
      ++run_whole;
      if (replay) {
        ++replays;
        EXPECT_EQ(r.code, 1) << "a documented replay must reproduce its violation\n"
                             << r.out << r.err;
        // "# use-after-free", "# invariant (FD-I8)", "# refcount at R742": the kind first.
        std::smatch kind;
        if (std::regex_search(c.comment, kind, std::regex(R"(#\s*([a-z][a-z-]+[a-z]))")) &&
            kind[1] != "not" && kind[1] != "the") {
          EXPECT_TRUE(has(r.out, "VIOLATION " + kind[1].str())) << c.comment << "\n" << r.out;
        }
      } else {
        EXPECT_EQ(r.code, 0) << r.err;
      }
      continue;
    }
    // Too long to run here (whole suites, verify, fuzz budgets): the files and flags must exist.
    if (helps.count(verb) == 0) helps[verb] = run_kmc({verb, "--help"}).out;
    for (const std::string& a : c.args) {
      if (a.rfind("scenarios/", 0) == 0 && a.find('.') != std::string::npos) {
        EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(KMC_SOURCE_DIR) / a)) << a;
      }
      if (a.rfind("--", 0) == 0) {
        EXPECT_TRUE(has(helps[verb], a.substr(0, a.find('=')))) << verb << " has no flag " << a;
      }
    }
  }
  std::cout << "documented commands: " << commands.size() << " (" << run_whole << " run, "
            << replays << " of them replays)\n";
  EXPECT_GE(replays, 40u);
}

}  // namespace
}  // namespace kmc::testing
