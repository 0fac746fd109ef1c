#include "reports/html_index.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string_view>

#include <fmt/format.h>

#include <kainjow/mustache.hpp>
#include <stdexcept>

#include "checker/output_file.hpp"
#include "reports/graph_render.hpp"

namespace kmc::reports {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string url_path(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == '~' || c == '/';
    out += keep ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", c);
  }
  return out;
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t chunk = 0;
    for (std::size_t k = 0; k < 3; ++k)
      chunk = (chunk << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
    for (std::size_t k = 0; k < 4; ++k)
      out += k <= n ? kAlphabet[(chunk >> (18 - 6 * k)) & 63] : '=';
  }
  return out;
}

namespace {

namespace mu = kainjow::mustache;

// Pictures larger than this are linked, not embedded, so a run with many long counterexamples
// still gives a page a browser opens quickly (a 200-event picture is about 300 kB).
constexpr std::size_t kMaxEmbedded = 3'000'000;

// Reads a file that the report folder may hold; empty when it does not exist.
std::string read_if_present(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string format_seconds(double s) {
  if (s < 60) return fmt::format("{:.2f} s", s);
  const auto whole = static_cast<std::uint64_t>(s);
  return fmt::format("{}m {:02}s", whole / 60, whole % 60);
}

std::string format_count(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out.push_back(',');
    out.push_back(digits[k]);
  }
  return out;
}

// A link to `file` in scenario folder `dir`, as the template shows it.
mu::data link(const std::string& dir, std::string_view file, std::string_view text) {
  mu::data d;
  d.set("href", url_path(dir.empty() ? std::string(file) : dir + "/" + std::string(file)));
  d.set("text", std::string(text));
  return d;
}

// One SVG of a scenario folder, read to be embedded.
struct Picture {
  std::string file;     // "trace.svg"
  std::string caption;  // "race trace"
  std::string svg;      // the file's text
};

// The SVGs of a scenario's folder, then those of its sub-folders in name order (the CLI puts the
// second and later counterexamples of a run in sub-folders such as "2-deadlock").
std::vector<Picture> pictures_of(const std::filesystem::path& dir, const IndexRow& row) {
  std::vector<Picture> out;
  if (row.dir.empty()) return out;
  std::vector<std::string> folders{""};
  std::error_code ec;
  std::vector<std::string> subs;
  for (const auto& entry : std::filesystem::directory_iterator(dir / row.dir, ec))
    if (entry.is_directory(ec)) subs.push_back(entry.path().filename().string());
  std::sort(subs.begin(), subs.end());
  folders.insert(folders.end(), subs.begin(), subs.end());
  const std::pair<const char*, const char*> files[] = {{"trace.svg", "race trace"},
                                                       {"lockgraph.svg", "lock-order graph"}};
  for (const std::string& sub : folders) {
    for (const auto& [file, caption] : files) {
      const std::string rel = sub.empty() ? file : sub + "/" + file;
      std::string svg = read_if_present(dir / row.dir / rel);
      if (svg.empty()) continue;
      out.push_back(
          {rel, sub.empty() ? caption : std::string(caption) + " (" + sub + ")", std::move(svg)});
    }
  }
  return out;
}

// An incomplete run, or a scenario a stop request kept from running at all.
bool is_incomplete(std::string_view verdict) {
  return verdict.starts_with("incomplete") || verdict == "not run";
}

// One row of the table with its pictures, for the template.
mu::data row_data(std::size_t i, const IndexRow& row, const std::vector<Picture>& pics) {
  // The verdicts of DESIGN §4 have their colours; anything else (an engine error) is neutral.
  // `kmc test` adds what stopped an incomplete run ("incomplete (time limit of 5 s)").
  const char* verdict_class = row.violation                ? "violation"
                              : row.verdict == "pass"      ? "pass"
                              : is_incomplete(row.verdict) ? "incomplete"
                                                           : "other";
  mu::data d;
  d.set("i", std::to_string(i));
  d.set("scenario", row.scenario);
  d.set("model", row.model);
  d.set("verdict", row.verdict);
  d.set("verdict_class", verdict_class);
  d.set("expectation", row.expectation);
  d.set("matched", row.matched);
  d.set("violation", row.violation);
  d.set("kind", row.kind);
  d.set("executions", format_count(row.executions));
  d.set("time", format_seconds(row.seconds));
  mu::data links{mu::data::type::list};
  mu::data pictures{mu::data::type::list};
  if (!row.dir.empty()) {
    links.push_back(link(row.dir, "trace.txt", "trace"));
    links.push_back(link(row.dir, "result.json", "JSON"));
    for (const Picture& p : pics) {
      links.push_back(link(row.dir, p.file, p.file));
      mu::data pic;
      pic.set("file", p.file);
      pic.set("caption", p.caption);
      pic.set("href", url_path(row.dir + "/" + p.file));
      pic.set("embedded", p.svg.size() <= kMaxEmbedded);
      if (p.svg.size() <= kMaxEmbedded)
        pic.set("base64", base64(p.svg));
      else
        pic.set("kb", std::to_string(p.svg.size() / 1000));
      pictures.push_back(pic);
    }
  }
  d.set("links", links);
  d.set("pictures", pictures);
  d.set("has_pictures", !pics.empty());
  return d;
}

}  // namespace

IndexCounts count_rows(const std::vector<IndexRow>& rows) {
  IndexCounts c;
  c.total = rows.size();
  for (const IndexRow& r : rows) {
    c.with_violation += r.violation ? 1 : 0;
    c.incomplete += is_incomplete(r.verdict) ? 1 : 0;
    c.matched += r.matched ? 1 : 0;
  }
  return c;
}

std::string index_html(const std::filesystem::path& dir, const std::vector<IndexRow>& rows) {
  const IndexCounts c = count_rows(rows);
  mu::data page;
  page.set("total", std::to_string(c.total));
  page.set("one", c.total == 1);
  page.set("with_violation", std::to_string(c.with_violation));
  page.set("without_violation", std::to_string(c.total - c.with_violation));
  page.set("incomplete", std::to_string(c.incomplete));
  page.set("incomplete_any", c.incomplete != 0);
  page.set("matched", std::to_string(c.matched));
  page.set("mismatched", std::to_string(c.total - c.matched));
  page.set("mismatched_any", c.total != c.matched);
  mu::data list{mu::data::type::list};
  bool any_pictures = false;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::vector<Picture> pics = pictures_of(dir, rows[i]);
    any_pictures = any_pictures || !pics.empty();
    list.push_back(row_data(i, rows[i], pics));
  }
  page.set("rows", list);
  page.set("has_pictures", any_pictures);
  mu::mustache tmpl{std::string(detail::index_template())};
  if (!tmpl.is_valid()) throw std::logic_error("report index template: " + tmpl.error_message());
  return tmpl.render(page);
}

void write_index(const std::filesystem::path& dir, const std::vector<IndexRow>& rows) {
  write_text_file(dir / "index.html", index_html(dir, rows));
}

}  // namespace kmc::reports
