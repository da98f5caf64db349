#include "common/answer_hand_off.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>

namespace pacificsoft {
namespace {

TEST(AnswerHandOffTest, AnAnswerInTimeGoesToTheCallerAndNothingIsKept) {
  AnswerHandOff<std::string> hand_off;
  std::string answer = "at once";
  EXPECT_TRUE(hand_off.offer(answer));
  bool kept = false;
  EXPECT_EQ(hand_off.take([&kept] { kept = true; }), "at once");
  EXPECT_FALSE(kept);
}

TEST(AnswerHandOffTest, ALaterAnswerStaysWithTheCallbackAndSeesWhatWasKept) {
  AnswerHandOff<std::string> hand_off;
  std::string kept;
  EXPECT_EQ(hand_off.take([&kept] { kept = "the request"; }), std::nullopt);
  std::string seen;
  std::thread later([&] {
    std::string answer = "later";
    if (!hand_off.offer(answer)) seen = kept + " / " + answer;
  });
  later.join();
  EXPECT_EQ(seen, "the request / later");
}

}  // namespace
}  // namespace pacificsoft
