#include "transport/client_rpc_calls.h"

#include <gtest/gtest.h>

namespace pacificsoft::transport {
namespace {

TEST(ClientRpcCallsTest, AnsweredOnceByKey) {
  ManualClock clock(0);
  LocalClientRpcCalls calls(clock, std::chrono::milliseconds(1000));
  std::vector<std::string> answers;
  const auto key = calls.add([&](Result<std::string> reply) { answers.push_back(*reply); });
  EXPECT_FALSE(calls.complete("other", std::string("x")));
  EXPECT_TRUE(calls.complete(key, std::string(R"({"time":42})")));
  EXPECT_FALSE(calls.complete(key, std::string("again"))) << "answered once";
  EXPECT_EQ(answers, std::vector<std::string>{R"({"time":42})"});
}

TEST(ClientRpcCallsTest, UnansweredCallsTimeOut) {
  ManualClock clock(0);
  LocalClientRpcCalls calls(clock, std::chrono::milliseconds(1000));
  std::vector<std::string> errors;
  const auto key = calls.add([&](Result<std::string> reply) {
    errors.push_back(reply ? "answered" : reply.status().message());
  });
  clock.advance_ms(999);
  calls.expire();
  EXPECT_TRUE(errors.empty());
  clock.advance_ms(1);
  calls.expire();
  EXPECT_EQ(errors, std::vector<std::string>{"timeout"});
  EXPECT_FALSE(calls.complete(key, std::string("late")));
}

}  // namespace
}  // namespace pacificsoft::transport
