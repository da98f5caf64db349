#include "rule/nodes/node_support.h"

#include <gtest/gtest.h>

namespace pacificsoft::rule {
namespace {

TEST(MsgPatternTest, ReplacesMetadataAndDataPlaceholders) {
  model::Msg msg;
  msg.metadata = {{"deviceName", "pump-1"}, {"ts", "17"}};
  msg.data = R"({"temperature":21.5,"state":"on","nested":{"a":1}})";
  EXPECT_EQ(process_pattern("${deviceName} at ${ts}: $[temperature] $[state]", msg),
            "pump-1 at 17: 21.5 on");
  EXPECT_EQ(process_pattern("$[nested]", msg), R"({"a":1})");
}

TEST(MsgPatternTest, LeavesUnknownKeysAndUnclosedPlaceholdersAsWritten) {
  model::Msg msg;
  msg.data = "not json";
  EXPECT_EQ(process_pattern("${missing}-$[missing]-${open", msg), "${missing}-$[missing]-${open");
}

}  // namespace
}  // namespace pacificsoft::rule
