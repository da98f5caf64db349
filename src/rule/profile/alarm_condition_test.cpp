#include "rule/profile/alarm_condition.h"

#include <gtest/gtest.h>

#include "rule/profile/profile_alarms.h"

namespace pacificsoft::rule::profile {
namespace {

bj::object parse(std::string_view text) { return *json::parse_object(text); }

// One key filter on time series `key` with the given predicate.
AlarmCondition condition(std::string_view key, std::string_view predicate,
                         std::string_view spec = R"({"type":"SIMPLE"})") {
  auto parsed = AlarmCondition::parse(
      parse(std::string(R"({"condition":[{"key":{"type":"TIME_SERIES","key":")") +
            std::string(key) + R"("},"valueType":"NUMERIC","predicate":)" + std::string(predicate) +
            R"(}],"spec":)" + std::string(spec) + "}"));
  EXPECT_TRUE(parsed) << parsed.status().to_string();
  return *parsed;
}

DataSnapshot with(std::string key, model::KvValue value) {
  DataSnapshot data;
  data.set(KeyType::kTimeseries, std::move(key), std::move(value));
  return data;
}

const DynamicValues kNoDynamic;

TEST(AlarmConditionTest, NumericOperations) {
  auto greater =
      condition("t", R"({"type":"NUMERIC","operation":"GREATER","value":{"defaultValue":30}})");
  EXPECT_TRUE(greater.holds(with("t", 30.5), kNoDynamic));
  EXPECT_FALSE(greater.holds(with("t", std::int64_t{30}), kNoDynamic));
  EXPECT_TRUE(greater.holds(with("t", std::string("31")), kNoDynamic)) << "numeric text counts";
  EXPECT_FALSE(greater.holds(with("other", 99.0), kNoDynamic)) << "an absent key never holds";
  auto at_most = condition(
      "t", R"({"type":"NUMERIC","operation":"LESS_OR_EQUAL","value":{"defaultValue":5}})");
  EXPECT_TRUE(at_most.holds(with("t", std::int64_t{5}), kNoDynamic));
  EXPECT_FALSE(at_most.holds(with("t", 5.1), kNoDynamic));
}

TEST(AlarmConditionTest, StringBooleanAndComplexPredicates) {
  auto in = condition(
      "s",
      R"({"type":"STRING","operation":"IN","value":{"defaultValue":"a, FAULT ,c"},"ignoreCase":true})");
  EXPECT_TRUE(in.holds(with("s", std::string("fault")), kNoDynamic));
  EXPECT_FALSE(in.holds(with("s", std::string("b")), kNoDynamic));
  auto starts = condition(
      "s", R"({"type":"STRING","operation":"STARTS_WITH","value":{"defaultValue":"err"}})");
  EXPECT_TRUE(starts.holds(with("s", std::string("error 5")), kNoDynamic));
  EXPECT_FALSE(starts.holds(with("s", std::string("Error 5")), kNoDynamic)) << "case counts";
  auto flag =
      condition("b", R"({"type":"BOOLEAN","operation":"EQUAL","value":{"defaultValue":true}})");
  EXPECT_TRUE(flag.holds(with("b", true), kNoDynamic));
  EXPECT_FALSE(flag.holds(with("b", false), kNoDynamic));
  auto outside = condition("t", R"({"type":"COMPLEX","operation":"OR","predicates":[
      {"type":"NUMERIC","operation":"LESS","value":{"defaultValue":0}},
      {"type":"NUMERIC","operation":"GREATER","value":{"defaultValue":100}}]})");
  EXPECT_TRUE(outside.holds(with("t", -1.0), kNoDynamic));
  EXPECT_TRUE(outside.holds(with("t", 101.0), kNoDynamic));
  EXPECT_FALSE(outside.holds(with("t", 50.0), kNoDynamic));
}

TEST(AlarmConditionTest, DynamicValuesOverrideTheDefault) {
  auto limit =
      condition("t", R"({"type":"NUMERIC","operation":"GREATER","value":{"defaultValue":100,
      "dynamicValue":{"sourceType":"CURRENT_DEVICE","sourceAttribute":"limit"}}})");
  DynamicValues device_limit = [](std::string_view source, const std::string& key, bool) {
    return source == "CURRENT_DEVICE" && key == "limit" ? std::optional<model::KvValue>(50.0)
                                                        : std::nullopt;
  };
  EXPECT_TRUE(limit.holds(with("t", 60.0), device_limit));
  EXPECT_FALSE(limit.holds(with("t", 60.0), kNoDynamic)) << "without the attribute: the default";
}

TEST(AlarmConditionTest, RefusesWhatItCannotEvaluate) {
  EXPECT_FALSE(AlarmCondition::parse(parse(R"({"spec":{"type":"SIMPLE"}})")));
  EXPECT_FALSE(AlarmCondition::parse(parse(
      R"({"condition":[{"key":{"type":"NOPE","key":"t"},"predicate":{"type":"NUMERIC"}}]})")));
  EXPECT_FALSE(AlarmCondition::parse(parse(
      R"({"condition":[{"key":{"type":"TIME_SERIES","key":"t"},"predicate":{"type":"REGEX"}}]})")));
  EXPECT_FALSE(AlarmCondition::parse(parse(R"({"condition":[],"spec":{"type":"SOMETIMES"}})")));
}

// A profile alarm on "t": CRITICAL above 50, MAJOR above 30 (with `spec`), cleared below 20.
std::shared_ptr<const ProfileAlarm> temperature_alarm(std::string_view spec) {
  auto rule = [&](std::string_view op, int value, std::string_view rule_spec) {
    return std::string(R"({"condition":{"condition":[{"key":{"type":"TIME_SERIES","key":"t"},
        "valueType":"NUMERIC","predicate":{"type":"NUMERIC","operation":")") +
           std::string(op) + R"(","value":{"defaultValue":)" + std::to_string(value) +
           R"(}}}],"spec":)" + std::string(rule_spec) + R"(},"alarmDetails":"t is ${t}"})";
  };
  const std::string simple = R"({"type":"SIMPLE"})";
  auto alarms = parse_profile_alarms(
      parse(R"({"alarms":[{"id":"a1","alarmType":"Heat","createRules":{"MAJOR":)" +
            rule("GREATER", 30, spec) + R"(,"CRITICAL":)" + rule("GREATER", 50, simple) +
            R"(},"clearRule":)" + rule("LESS", 20, simple) + "}]}"));
  EXPECT_TRUE(alarms) << alarms.status().to_string();
  return std::make_shared<const ProfileAlarm>(std::move(alarms->front()));
}

TEST(AlarmProgressTest, HighestMetSeverityRaisesAndTheClearRuleClears) {
  AlarmProgress progress(temperature_alarm(R"({"type":"SIMPLE"})"));
  auto decision = progress.on_event(with("t", 35.0), kNoDynamic, 1);
  EXPECT_EQ(decision.kind, AlarmDecision::Kind::kRaise);
  EXPECT_EQ(decision.severity, "MAJOR");
  EXPECT_EQ(decision.details, "t is 35.0");
  EXPECT_EQ(progress.on_event(with("t", 60.0), kNoDynamic, 2).severity, "CRITICAL");
  EXPECT_EQ(progress.on_event(with("t", 25.0), kNoDynamic, 3).kind, AlarmDecision::Kind::kNone);
  EXPECT_EQ(progress.on_event(with("t", 10.0), kNoDynamic, 4).kind, AlarmDecision::Kind::kClear);
}

TEST(AlarmProgressTest, RepeatingNeedsThatManyEventsInARow) {
  AlarmProgress progress(
      temperature_alarm(R"({"type":"REPEATING","predicate":{"defaultValue":3}})"));
  EXPECT_EQ(progress.on_event(with("t", 35.0), kNoDynamic, 1).kind, AlarmDecision::Kind::kNone);
  EXPECT_EQ(progress.on_event(with("t", 35.0), kNoDynamic, 2).kind, AlarmDecision::Kind::kNone);
  EXPECT_EQ(progress.on_event(with("t", 25.0), kNoDynamic, 3).kind, AlarmDecision::Kind::kNone);
  EXPECT_EQ(progress.on_event(with("t", 35.0), kNoDynamic, 4).kind, AlarmDecision::Kind::kNone);
  EXPECT_EQ(progress.on_event(with("t", 35.0), kNoDynamic, 5).kind, AlarmDecision::Kind::kNone);
  EXPECT_EQ(progress.on_event(with("t", 35.0), kNoDynamic, 6).kind, AlarmDecision::Kind::kRaise)
      << "the run restarted after the event below the threshold";
}

TEST(AlarmProgressTest, DurationNeedsTheConditionToHoldThatLong) {
  AlarmProgress progress(
      temperature_alarm(R"({"type":"DURATION","unit":"SECONDS","predicate":{"defaultValue":10}})"));
  EXPECT_EQ(progress.on_event(with("t", 35.0), kNoDynamic, 1'000).kind, AlarmDecision::Kind::kNone);
  EXPECT_EQ(progress.on_event(with("t", 35.0), kNoDynamic, 9'000).kind, AlarmDecision::Kind::kNone);
  EXPECT_EQ(progress.on_event(with("t", 35.0), kNoDynamic, 11'000).kind,
            AlarmDecision::Kind::kRaise);
}

}  // namespace
}  // namespace pacificsoft::rule::profile
