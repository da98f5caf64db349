#include "common/periodic_task.h"

#include <gtest/gtest.h>

#include <atomic>

namespace pacificsoft {
namespace {

TEST(PeriodicTaskTest, RunsRepeatedlyUntilDestroyed) {
  std::atomic<int> runs{0};
  {
    PeriodicTask task(std::chrono::milliseconds(5), [&] { ++runs; });
    while (runs.load() < 3) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  int after_stop = runs.load();
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_EQ(runs.load(), after_stop);
}

TEST(PeriodicTaskTest, DestroyingBeforeTheFirstRunNeverRuns) {
  std::atomic<int> runs{0};
  { PeriodicTask task(std::chrono::hours(1), [&] { ++runs; }); }
  EXPECT_EQ(runs.load(), 0);
}

}  // namespace
}  // namespace pacificsoft
