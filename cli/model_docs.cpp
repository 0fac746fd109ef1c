#include "cli/model_docs.hpp"

#include <fmt/format.h>

namespace kmc::cli {
namespace {

const char* kind_name(model::ArgKind k) {
  switch (k) {
    case model::ArgKind::Int:
      return "Int";
    case model::ArgKind::Ref:
      return "Ref";
    case model::ArgKind::Name:
      return "Name";
    case model::ArgKind::Flags:
      return "Flags";
  }
  return "?";
}

// Markdown table cells must not contain '|' or newlines.
std::string md(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string arg_doc(const model::ArgSpec& a) {
  std::string out = fmt::format("{} ({}", a.name, kind_name(a.kind));
  if (a.optional) out += fmt::format(", optional, default {}", a.fallback);
  out += ")";
  if (!a.doc.empty()) out += ": " + a.doc;
  return out;
}

std::string symbols(const model::ModelDescriptor& m) {
  std::string out;
  for (const auto& [name, value] : m.symbols)
    out += (out.empty() ? "" : ", ") + fmt::format("{}={}", name, value);
  return out;
}

}  // namespace

std::string op_usage(const model::OpSpec& op) {
  std::string out = op.name;
  for (const model::ArgSpec& a : op.args) out += a.optional ? " [" + a.name + "]" : " " + a.name;
  return out;
}

std::string models_text(bool models, bool ops,
                        const std::vector<const model::ModelDescriptor*>& list) {
  if (list.empty()) return "(no models are registered)\n";
  std::string out;
  for (const model::ModelDescriptor* m : list) {
    out += fmt::format("model {}: {}\n", m->name, m->doc);
    if (models) {
      out += "  parameters (config KEY=VALUE):\n";
      for (const model::ParamSpec& p : m->params)
        out += fmt::format("    {:<20} default {:<6} range [{}, {}]  {}\n", p.name, p.fallback,
                           p.min, p.max, p.doc);
      out += "  variants (variant NAME):\n";
      for (const model::VariantSpec& v : m->variants)
        out += fmt::format("    {:<24} {}\n", v.name, v.doc);
      if (!m->symbols.empty()) out += "  flags: " + symbols(*m) + "\n";
    }
    if (ops) {
      out += "  operations:\n";
      for (const model::OpSpec& op : m->ops) {
        out += fmt::format("    {:<34} {}{}\n", op_usage(op), op.doc,
                           op.may_block ? " [may block]" : "");
        for (const model::ArgSpec& a : op.args) out += "        " + arg_doc(a) + "\n";
      }
    }
    out += "\n";
  }
  return out;
}

std::string models_markdown(bool models, bool ops,
                            const std::vector<const model::ModelDescriptor*>& list) {
  if (list.empty()) return "_No models are registered._\n";
  std::string out;
  for (const model::ModelDescriptor* m : list) {
    out += fmt::format("### Model `{}`\n\n{}\n\n", m->name, md(m->doc));
    if (models) {
      out += "| parameter | default | range | meaning |\n|---|---|---|---|\n";
      for (const model::ParamSpec& p : m->params)
        out += fmt::format("| `{}` | {} | {}..{} | {} |\n", p.name, p.fallback, p.min, p.max,
                           md(p.doc));
      out += "\n| variant | change when on |\n|---|---|\n";
      for (const model::VariantSpec& v : m->variants)
        out += fmt::format("| `{}` | {} |\n", v.name, md(v.doc));
      if (!m->symbols.empty()) out += "\nFlags: `" + symbols(*m) + "`\n";
      out += "\n";
    }
    if (ops) {
      out += "| operation | arguments | what it does |\n|---|---|---|\n";
      for (const model::OpSpec& op : m->ops) {
        std::string args;
        for (const model::ArgSpec& a : op.args)
          args += (args.empty() ? "" : "<br>") + md(arg_doc(a));
        out += fmt::format("| `{}` | {} | {}{} |\n", op_usage(op), args.empty() ? "—" : args,
                           md(op.doc), op.may_block ? " *(may block)*" : "");
      }
      out += "\n";
    }
  }
  return out;
}

}  // namespace kmc::cli
