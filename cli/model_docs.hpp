// The models' self-description (model/model_api.hpp descriptors) as text and as Markdown, so
// `kmc list --ops` and scenarios/README.md always say what the registered models really offer.
#pragma once

#include <string>
#include <vector>

#include "model/model_api.hpp"

namespace kmc::cli {

// For each model: its doc line, then (when asked) parameters/variants/flags and operations.
[[nodiscard]] std::string models_text(
    bool models, bool ops,
    const std::vector<const model::ModelDescriptor*>& list = model::all_models());

// The same as Markdown: a section per model with tables.
[[nodiscard]] std::string models_markdown(
    bool models, bool ops,
    const std::vector<const model::ModelDescriptor*>& list = model::all_models());

// "open [flags]" with optional arguments in brackets.
[[nodiscard]] std::string op_usage(const model::OpSpec& op);

}  // namespace kmc::cli
