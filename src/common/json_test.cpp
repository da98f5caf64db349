#include "common/json.h"

#include <gtest/gtest.h>

#include <cmath>

namespace pacificsoft::json {
namespace {

TEST(JsonTest, DoublesPrintAsTheReferenceDoes) {
  EXPECT_EQ(format_double(21.5), "21.5");
  EXPECT_EQ(format_double(1.0), "1.0");
  EXPECT_EQ(format_double(0.1), "0.1");
  EXPECT_EQ(format_double(-3.25), "-3.25");
  EXPECT_EQ(format_double(1e300), "1e+300");
  EXPECT_EQ(format_double(0.1 + 0.2), "0.30000000000000004");  // 17 digits to read back
  EXPECT_EQ(format_double(100000.0), "100000.0");
  EXPECT_EQ(format_double(1e20), "1e+20");
  EXPECT_EQ(format_double(1e-5), "1e-05");
  EXPECT_EQ(format_double(3.31), "3.31");
  EXPECT_EQ(format_double(std::nan("")), "null");
}

TEST(JsonTest, SerializeKeepsStructureAndEscapes) {
  auto value = parse(R"({"a":[1,2.5,true,null],"b":"q\"uote\n","c":{"d":-7}})");
  ASSERT_TRUE(value.is_ok());
  EXPECT_EQ(json::serialize(*value), R"({"a":[1,2.5,true,null],"b":"q\"uote\n","c":{"d":-7}})");
  auto round_trip = parse(json::serialize(*value));
  ASSERT_TRUE(round_trip.is_ok());
  EXPECT_EQ(*round_trip, *value);
}

}  // namespace
}  // namespace pacificsoft::json
