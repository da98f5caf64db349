// Topic name and filter validity, and filter matching with '+', '#' and '$' topics.
#include <gtest/gtest.h>

#include "mqtt/mqtt_codec.h"

namespace pacificsoft::transport::mqtt {
namespace {

TEST(MqttTopicTest, TopicNames) {
  EXPECT_TRUE(is_valid_topic_name("a"));
  EXPECT_TRUE(is_valid_topic_name("/"));
  EXPECT_TRUE(is_valid_topic_name("v1/devices/me/telemetry"));
  EXPECT_TRUE(is_valid_topic_name("$SYS/broker"));
  EXPECT_FALSE(is_valid_topic_name(""));
  EXPECT_FALSE(is_valid_topic_name("a/+"));
  EXPECT_FALSE(is_valid_topic_name("a/#"));
  EXPECT_FALSE(is_valid_topic_name("a+b"));
}

TEST(MqttTopicTest, TopicFilters) {
  for (const char* filter : {"a", "#", "+", "a/#", "+/+", "/+", "a/+/b", "a//b", "+/#", "$SYS/#"}) {
    EXPECT_TRUE(is_valid_topic_filter(filter)) << filter;
  }
  for (const char* filter : {"", "a#", "a/#/b", "#/", "a+", "+a/b", "a/b+", "##", "a/++"}) {
    EXPECT_FALSE(is_valid_topic_filter(filter)) << filter;
  }
}

TEST(MqttTopicTest, Matching) {
  struct Case {
    const char* filter;
    const char* topic;
    bool matches;
  };
  const Case cases[] = {
      {"a/b", "a/b", true},       {"a/b", "a/c", false},    {"a/b", "a/b/c", false},
      {"a/+", "a/b", true},       {"a/+", "a/", true},      {"a/+", "a", false},
      {"a/+", "a/b/c", false},    {"+/+", "/a", true},      {"+", "/a", false},
      {"a/#", "a", true},         {"a/#", "a/", true},      {"a/#", "a/b/c", true},
      {"a/#", "ab", false},       {"#", "a/b", true},       {"#", "/", true},
      {"+/b/#", "x/b", true},     {"a/+/c", "a/b/c", true}, {"a/+/c", "a/b/d", false},
      {"#", "$SYS/x", false},     {"+/x", "$SYS/x", false}, {"$SYS/#", "$SYS/x", true},
      {"$SYS/+", "$SYS/x", true}, {"a", "A", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(topic_matches(c.filter, c.topic), c.matches) << c.filter << " vs " << c.topic;
  }
}

}  // namespace
}  // namespace pacificsoft::transport::mqtt
