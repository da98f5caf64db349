#include "common/uuid.h"

#include <gtest/gtest.h>

namespace pacificsoft {
namespace {

TEST(UuidTest, RoundTripsTextForm) {
  auto id = Uuid::parse("784f394c-42b6-435a-983c-b7beff2784f9");
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->to_string(), "784f394c-42b6-435a-983c-b7beff2784f9");
}

TEST(UuidTest, AcceptsUpperCase) {
  auto id = Uuid::parse("784F394C-42B6-435A-983C-B7BEFF2784F9");
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->to_string(), "784f394c-42b6-435a-983c-b7beff2784f9");
}

TEST(UuidTest, RejectsMalformedText) {
  EXPECT_FALSE(Uuid::parse("").has_value());
  EXPECT_FALSE(Uuid::parse("784f394c42b6435a983cb7beff2784f9").has_value());
  EXPECT_FALSE(Uuid::parse("784f394c-42b6-435a-983c-b7beff2784fg").has_value());
  EXPECT_FALSE(Uuid::parse("784f394c-42b6-435a-983c_b7beff2784f9").has_value());
}

TEST(UuidTest, RandomIdsAreVersion4AndDistinct) {
  Uuid a = Uuid::random();
  Uuid b = Uuid::random();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.to_string()[14], '4');
}

TEST(UuidTest, NullIdsAreNull) {
  EXPECT_TRUE(Uuid().is_null());
  EXPECT_TRUE(Uuid::null_id().is_null());
  EXPECT_FALSE(Uuid::random().is_null());
}

}  // namespace
}  // namespace pacificsoft
