// The models of a process: the shipped ones by default, a driver's registered list while it runs.
#include <gtest/gtest.h>

#include "model/model_api.hpp"
#include "tests/scenario/toy_model.hpp"

namespace kmc::testing {
namespace {

TEST(Registry, WithoutADriverTheShippedModelsAreTheModels) {
  EXPECT_EQ(model::all_models(), model::shipped_models());
  EXPECT_EQ(model::model_names(), (std::vector<std::string>{"sem", "fd", "kq", "cross"}));
  EXPECT_NE(model::find_model("fd"), nullptr);
}

TEST(Registry, ADriversModelsReplaceThemWhileRegistered) {
  {
    const model::RegisteredModels registered({&toy_model()});
    EXPECT_EQ(model::model_names(), std::vector<std::string>{"toy"});
    EXPECT_EQ(model::find_model("toy"), &toy_model());
    EXPECT_EQ(model::find_model("fd"), nullptr);
  }
  EXPECT_EQ(model::find_model("toy"), nullptr);
  EXPECT_NE(model::find_model("fd"), nullptr);
}

}  // namespace
}  // namespace kmc::testing
