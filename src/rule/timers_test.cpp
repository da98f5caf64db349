#include "rule/timers.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <vector>

namespace pacificsoft::rule {
namespace {

using namespace std::chrono_literals;

TEST(ThreadTimersTest, FiresInDeadlineOrder) {
  ThreadTimers timers;
  std::mutex mutex;
  std::vector<int> order;
  std::promise<void> both;
  auto record = [&](int value) {
    return [&, value](const Status& status) {
      EXPECT_TRUE(status);
      std::lock_guard lock(mutex);
      order.push_back(value);
      if (order.size() == 2) both.set_value();
    };
  };
  timers.schedule(40ms, record(2));
  timers.schedule(5ms, record(1));
  both.get_future().wait();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

// Regression: now + delay overflowed the clock's nanoseconds; 2^58 ms wrapped to a zero delay.
TEST(ThreadTimersTest, DelaysPastTheClocksRangeDoNotFire) {
  ThreadTimers timers;
  std::atomic<int> fired{0};
  for (auto delay : {std::chrono::milliseconds(std::int64_t{1} << 58),
                     std::chrono::milliseconds::max(), std::chrono::milliseconds::min()}) {
    timers.schedule(delay, [&](const Status& status) {
      if (status) ++fired;
    });
  }
  std::promise<void> later;
  timers.schedule(40ms, [&](const Status&) { later.set_value(); });
  later.get_future().wait();
  EXPECT_EQ(fired, 1);  // the negative delay only: it is due at once
}

TEST(ThreadTimersTest, ACancelledTimerNeverFires) {
  ThreadTimers timers;
  std::atomic<bool> fired{false};
  auto id = timers.schedule(20ms, [&](const Status&) { fired = true; });
  timers.cancel(id);
  std::promise<void> later;
  timers.schedule(40ms, [&](const Status&) { later.set_value(); });
  later.get_future().wait();
  EXPECT_FALSE(fired);
}

TEST(ThreadTimersTest, StopAnswersPendingAndLaterTimersUnavailable) {
  ThreadTimers timers;
  Status pending;
  timers.schedule(1h, [&](const Status& status) { pending = status; });
  timers.stop();
  EXPECT_EQ(pending.code(), ErrorCode::kUnavailable);
  Status later;
  timers.schedule(1ms, [&](const Status& status) { later = status; });
  EXPECT_EQ(later.code(), ErrorCode::kUnavailable);
}

TEST(ThreadTimersTest, CancelWaitsForARunningCallback) {
  ThreadTimers timers;
  std::promise<void> started;
  std::atomic<bool> finished{false};
  auto id = timers.schedule(0ms, [&](const Status&) {
    started.set_value();
    std::this_thread::sleep_for(30ms);
    finished = true;
  });
  started.get_future().wait();
  timers.cancel(id);
  EXPECT_TRUE(finished);
}

}  // namespace
}  // namespace pacificsoft::rule
