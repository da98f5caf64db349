#include "model/telemetry_json.h"

#include <gtest/gtest.h>

namespace pacificsoft::model {
namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;

TEST(TelemetryJsonTest, FlatObjectGetsServerTime) {
  auto points = parse_telemetry(R"({"temperature": 42, "humidity": 73.5, "on": true})", kNow,
                                NullValues::kSkip);
  ASSERT_TRUE(points.is_ok()) << points.status().to_string();
  ASSERT_EQ(points->size(), 3u);
  EXPECT_EQ((*points)[0], (TsKv{"temperature", kNow, std::int64_t{42}}));
  EXPECT_EQ((*points)[1], (TsKv{"humidity", kNow, 73.5}));
  EXPECT_EQ((*points)[2], (TsKv{"on", kNow, true}));
}

TEST(TelemetryJsonTest, TsValuesFormAndArrays) {
  auto points = parse_telemetry(
      R"([{"ts": 1451649600512, "values": {"t": 1}}, {"ts": 1451649601512, "values": {"t": 2}},
          {"k": "v"}])",
      kNow, NullValues::kSkip);
  ASSERT_TRUE(points.is_ok());
  ASSERT_EQ(points->size(), 3u);
  EXPECT_EQ((*points)[0].ts, 1451649600512);
  EXPECT_EQ((*points)[1].ts, 1451649601512);
  EXPECT_EQ((*points)[2], (TsKv{"k", kNow, std::string("v")}));
}

TEST(TelemetryJsonTest, ObjectWithOnlyTsIsFlat) {
  auto points = parse_telemetry(R"({"ts": 5, "x": 1})", kNow, NullValues::kSkip);
  ASSERT_TRUE(points.is_ok());
  EXPECT_EQ(points->size(), 2u);
  EXPECT_EQ((*points)[0].ts, kNow);
}

TEST(TelemetryJsonTest, TypesFollowTheReference) {
  auto points = parse_telemetry(
      R"({"s": "000123", "d": "1.5", "text": "abc", "j": {"a": [1]}, "big": 18446744073709551615,
          "whole": 42.0})",
      kNow, NullValues::kSkip);
  ASSERT_TRUE(points.is_ok());
  EXPECT_EQ((*points)[0].value, KvValue(std::int64_t{123}));
  EXPECT_EQ((*points)[1].value, KvValue(1.5));
  EXPECT_EQ((*points)[2].value, KvValue(std::string("abc")));
  EXPECT_EQ((*points)[3].value, KvValue(JsonText{R"({"a":[1]})"}));
  EXPECT_EQ((*points)[4].value, KvValue(std::string("18446744073709551615")));
  EXPECT_EQ(data_type((*points)[5].value), DataType::kDouble);
  EXPECT_EQ(value_to_string((*points)[5].value), "42.0");
}

TEST(TelemetryJsonTest, NullsSkippedOrRejected) {
  auto skipped = parse_telemetry(R"({"a": null, "b": 1})", kNow, NullValues::kSkip);
  ASSERT_TRUE(skipped.is_ok());
  EXPECT_EQ(skipped->size(), 1u);
  EXPECT_FALSE(parse_telemetry(R"({"a": null, "b": 1})", kNow, NullValues::kReject).is_ok());
}

TEST(TelemetryJsonTest, BadPayloadsAreRefused) {
  for (const char* bad : {"", "42", "\"text\"", "[1, 2]", "{\"ts\": \"x\", \"values\": {}}",
                          "{\"ts\": 1, \"values\": 5}", "{}", "[]", "{\"a\": ", "{\"\": 1}"}) {
    EXPECT_FALSE(parse_telemetry(bad, kNow, NullValues::kSkip).is_ok()) << bad;
  }
}

TEST(TelemetryJsonTest, AttributesMustBeFlatObject) {
  auto attributes = parse_attributes(R"({"fw": "1.0.2", "count": 3})", NullValues::kSkip);
  ASSERT_TRUE(attributes.is_ok());
  EXPECT_EQ(attributes->size(), 2u);
  EXPECT_EQ((*attributes)[0].second, KvValue(std::string("1.0.2")));
  EXPECT_FALSE(parse_attributes("[{\"a\": 1}]", NullValues::kSkip).is_ok());
}

TEST(TelemetryJsonTest, StringForms) {
  EXPECT_EQ(value_to_string(KvValue(true)), "true");
  EXPECT_EQ(value_to_string(KvValue(std::int64_t{-7})), "-7");
  EXPECT_EQ(value_to_string(KvValue(21.5)), "21.5");
  EXPECT_EQ(value_to_string(KvValue(0.1)), "0.1");
}

}  // namespace
}  // namespace pacificsoft::model
