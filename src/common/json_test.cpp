#include "common/json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <string>

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
  EXPECT_EQ(format_double(1e20), "100000000000000000000.0");
  EXPECT_EQ(format_double(1e21), "1e+21");
  EXPECT_EQ(format_double(1.5e21), "1.5e+21");
  EXPECT_EQ(format_double(1e-5), "0.00001");
  EXPECT_EQ(format_double(1.25e-6), "0.00000125");
  EXPECT_EQ(format_double(1e-7), "1e-7");
  EXPECT_EQ(format_double(-2.5e-300), "-2.5e-300");
  EXPECT_EQ(format_double(-0.0), "-0.0");
  EXPECT_EQ(format_double(123456789.12345679), "123456789.12345679");
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

// Regression: Boost.JSON 1.81 read these one unit off in the last place, so they came back with
// another last digit ("...411", "123456789.1234568").
TEST(JsonTest, DoublesReadBackAsSent) {
  for (const char* text :
       {"0.09545533885166413", "123456789.12345679", "2.2250738585072014e-308",
        "0.30000000000000004", "1.7976931348623157e+308", "5e-324", "9007199254740993.0", "0.1",
        "-47.123456789012344", "1e+21", "3.0000000000000004", "0.000123456789"}) {
    auto value = parse(std::string("[") + text + "]");
    ASSERT_TRUE(value.is_ok()) << text;
    const double expected = std::strtod(text, nullptr);  // glibc rounds correctly
    EXPECT_EQ(value->as_array()[0].as_double(), expected) << text;
    auto printed = json::serialize(*value);
    auto again = parse(printed);
    ASSERT_TRUE(again.is_ok()) << printed;
    EXPECT_EQ(again->as_array()[0].as_double(), expected) << text;
  }
  EXPECT_EQ(json::serialize(*parse("[0.09545533885166413,123456789.12345679]")),
            "[0.09545533885166413,123456789.12345679]");
}

// A document as the web UI writes it (JSON.stringify) reads back byte for byte.
TEST(JsonTest, JavaScriptWrittenDocumentsReadBackUnchanged) {
  const std::string document =
      R"({"a":0.09545533885166413,"b":[1,-2,1.5,0.00001,1e-7,1e+21,-0.5],"c":{"d":12345678.9}})";
  EXPECT_EQ(json::serialize(*parse(document)), document);
}

TEST(JsonTest, ParseRefusesWhatBoostRefuses) {
  EXPECT_FALSE(parse("[1,]").is_ok());
  EXPECT_FALSE(parse("{} x").is_ok());
  EXPECT_FALSE(parse("").is_ok());
  EXPECT_FALSE(parse("01").is_ok());
  EXPECT_TRUE(parse(" {\"a\": 1e400} ").is_ok());  // out of a double's range: infinity
  std::string deep(40, '[');
  EXPECT_FALSE(parse(deep + std::string(40, ']')).is_ok());  // deeper than 32 levels
}

}  // namespace
}  // namespace pacificsoft::json
