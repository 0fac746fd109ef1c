#include "reports/html_index.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string_view>

#include <fmt/format.h>

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

constexpr std::string_view kStyle = R"(
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 1.5em;
       color: #212529; background: #fff; }
h1 { font-size: 1.5em; margin: 0 0 .3em 0; }
h2 { font-size: 1.2em; margin-top: 1.6em; }
h3 { font-size: 1em; margin: 1.2em 0 .4em 0; }
p.summary { margin: 0 0 1em 0; color: #495057; }
table { border-collapse: collapse; font-size: 14px; }
th, td { border: 1px solid #dee2e6; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f1f3f5; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.mismatch td { background: #fff5f5; }
.verdict { font-weight: 600; padding: 1px 6px; border-radius: 3px; }
.verdict.pass { color: #2b8a3e; background: #ebfbee; }
.verdict.violation { color: #c92a2a; background: #fff5f5; }
.verdict.incomplete { color: #a15c00; background: #fff9db; }
.verdict.other { color: #495057; background: #f1f3f5; }
.yes { color: #2b8a3e; font-weight: 600; }
.no { color: #c92a2a; font-weight: 700; }
td { white-space: nowrap; }
td.files { white-space: normal; min-width: 16em; }
td.files a { margin-right: .6em; white-space: nowrap; }
.pic { overflow: auto; max-height: 85vh; border: 1px solid #dee2e6; padding: 4px; }
.pic img { display: block; max-width: none; }
figure { margin: 0 0 1em 0; }
figcaption { font-size: 12px; color: #495057; margin-top: 2px; }
)";

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

std::string link(const std::string& dir, std::string_view file, std::string_view text) {
  const std::string target = dir.empty() ? std::string(file) : dir + "/" + std::string(file);
  return fmt::format("<a href=\"{}\">{}</a>", html_escape(url_path(target)), html_escape(text));
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

std::string row_html(std::size_t i, const IndexRow& row, const std::vector<Picture>& pics) {
  // The verdicts of DESIGN §4 have their colours; anything else (an engine error) is neutral.
  // `kmc test` adds what stopped an incomplete run ("incomplete (time limit of 5 s)").
  const char* verdict_class = row.verdict == "violation"   ? "violation"
                              : row.verdict == "pass"      ? "pass"
                              : is_incomplete(row.verdict) ? "incomplete"
                                                           : "other";
  std::string files;
  if (!row.dir.empty()) {
    // Spaces between the links let the cell wrap.
    files = link(row.dir, "trace.txt", "trace") + " " + link(row.dir, "result.json", "JSON");
    for (const Picture& p : pics) files += " " + link(row.dir, p.file, p.file);
    if (!pics.empty()) files += fmt::format(" <a href=\"#pic-{}\">picture &#8595;</a>", i);
  }
  return fmt::format(
      "<tr id=\"row-{}\" class=\"{}\" data-scenario=\"{}\" data-matched=\"{}\">"
      "<td>{}</td><td>{}</td><td><span class=\"verdict {}\">{}</span></td><td>{}</td>"
      "<td class=\"{}\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
      "<td class=\"files\">{}</td></tr>\n",
      i, row.matched ? "match" : "mismatch", html_escape(row.scenario), row.matched ? "yes" : "no",
      html_escape(row.scenario), html_escape(row.model), verdict_class, html_escape(row.verdict),
      html_escape(row.expectation), row.matched ? "yes" : "no",
      row.matched ? "&#10003; yes" : "&#10007; no", html_escape(row.kind),
      format_count(row.executions), format_seconds(row.seconds), files);
}

std::string pictures_html(std::size_t i, const IndexRow& row, const std::vector<Picture>& pics) {
  std::string out =
      fmt::format("<section class=\"pictures\" id=\"pic-{}\"><h3>{} &#8212; {}</h3>\n", i,
                  html_escape(row.scenario), html_escape(row.kind));
  for (const Picture& p : pics) {
    const std::string target = url_path(row.dir + "/" + p.file);
    if (p.svg.size() > kMaxEmbedded) {
      out += fmt::format(
          "<p><a href=\"{}\">{}</a>: {} ({} kB, too large to embed; open the file)</p>\n",
          html_escape(target), html_escape(p.file), html_escape(p.caption), p.svg.size() / 1000);
      continue;
    }
    out += fmt::format(
        "<figure><div class=\"pic\"><a href=\"{}\"><img class=\"graph\" data-file=\"{}\" "
        "alt=\"{} of {}\" src=\"data:image/svg+xml;base64,{}\"></a></div>"
        "<figcaption>{} (click to open {} full size; hover there for details)</figcaption>"
        "</figure>\n",
        html_escape(target), html_escape(p.file), html_escape(p.caption), html_escape(row.scenario),
        base64(p.svg), html_escape(p.caption), html_escape(p.file));
  }
  return out + "</section>\n";
}

}  // namespace

std::string index_html(const std::filesystem::path& dir, const std::vector<IndexRow>& rows) {
  std::size_t violations = 0;
  std::size_t mismatched = 0;
  std::size_t incomplete = 0;
  for (const IndexRow& r : rows) {
    violations += r.verdict == "violation" ? 1 : 0;
    incomplete += is_incomplete(r.verdict) ? 1 : 0;
    mismatched += r.matched ? 0 : 1;
  }
  std::string table;
  std::string pictures;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::vector<Picture> pics = pictures_of(dir, rows[i]);
    table += row_html(i, rows[i], pics);
    if (!pics.empty()) pictures += pictures_html(i, rows[i], pics);
  }
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page +=
      "<title>kmc report</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  page += "<h1>kmc report</h1>\n";
  page += fmt::format(
      "<p class=\"summary\">{} scenario{}: {} with a violation, {} without{}; {} matched their "
      "expectation, <span class=\"{}\">{} did not</span>.</p>\n",
      rows.size(), rows.size() == 1 ? "" : "s", violations, rows.size() - violations,
      incomplete == 0 ? "" : fmt::format(" ({} of them incomplete: not a proof)", incomplete),
      rows.size() - mismatched, mismatched ? "no" : "yes", mismatched);
  page +=
      "<table id=\"results\">\n<thead><tr><th>scenario</th><th>model</th><th>verdict</th>"
      "<th>expected</th><th>matched</th><th>violation</th><th>executions</th><th>time</th>"
      "<th>files</th></tr></thead>\n<tbody>\n" +
      table + "</tbody>\n</table>\n";
  if (!pictures.empty()) page += "<h2>Pictures</h2>\n" + pictures;
  // Marks each embedded picture once the browser has decoded it, so a headless check can see it.
  page +=
      "<script>\nwindow.addEventListener('load', function () {\n"
      "  var ok = 0;\n"
      "  document.querySelectorAll('img.graph').forEach(function (img) {\n"
      "    var good = img.complete && img.naturalWidth > 0;\n"
      "    img.setAttribute('data-loaded', good ? 'yes' : 'no');\n"
      "    if (good) ok++;\n"
      "  });\n"
      "  document.body.setAttribute('data-pictures-loaded', String(ok));\n"
      "});\n</script>\n</body>\n</html>\n";
  return page;
}

void write_index(const std::filesystem::path& dir, const std::vector<IndexRow>& rows) {
  write_text_file(dir / "index.html", index_html(dir, rows));
}

}  // namespace kmc::reports
