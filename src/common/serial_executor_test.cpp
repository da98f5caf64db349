#include "common/serial_executor.h"

#include <gtest/gtest.h>

#include <future>
#include <thread>
#include <vector>

namespace pacificsoft {
namespace {

TEST(SerialExecutorTest, RunsTasksInOrderOnItsOwnThread) {
  std::vector<int> ran;
  std::thread::id ran_on;
  {
    SerialExecutor executor("test", 100);
    for (int i = 0; i < 10; ++i) {
      ASSERT_TRUE(executor.post([&ran, &ran_on, i] {
        ran.push_back(i);
        ran_on = std::this_thread::get_id();
      }));
    }
  }  // the destructor runs what was queued
  EXPECT_EQ(ran, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_NE(ran_on, std::this_thread::get_id());
}

TEST(SerialExecutorTest, RefusesPastItsBound) {
  SerialExecutor executor("test", 2);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  ASSERT_TRUE(executor.post([&started, released] {
    started.set_value();
    released.wait();
  }));
  started.get_future().wait();  // the first runs and holds the thread
  EXPECT_TRUE(executor.post([] {}));
  EXPECT_TRUE(executor.post([] {}));
  EXPECT_FALSE(executor.post([] {})) << "two wait already";
  release.set_value();
}

}  // namespace
}  // namespace pacificsoft
