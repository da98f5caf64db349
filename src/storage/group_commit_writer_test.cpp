// GroupCommitWriter's schedule, against a stand-in for a backend's transactions that records
// what the writer opens and commits: jobs run while their transaction is open, and commit
// together at the interval or once enough points wait. The real backends' write path is the
// conformance suite's (attribute_conformance_test.cpp).
#include "storage/group_commit_writer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>

namespace pacificsoft::storage {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct Connection {};

struct TransactionCounts {
  std::atomic<int> begun{0};
  std::atomic<int> committed{0};
};

class CountingTransactions : public WriterTransactions<Connection> {
 public:
  explicit CountingTransactions(std::shared_ptr<TransactionCounts> counts)
      : counts_(std::move(counts)) {}
  Result<Connection*> begin() override {
    ++counts_->begun;
    return &connection_;
  }
  Status commit(Connection& /*conn*/) override {
    ++counts_->committed;
    return Status::ok();
  }
  void rollback(Connection* /*conn*/) override {}
  void end(bool /*committed*/) override {}

 private:
  std::shared_ptr<TransactionCounts> counts_;
  Connection connection_;
};

class GroupCommitWriterTest : public ::testing::Test {
 protected:
  void start(const TelemetryWriteOptions& options) {
    writer_ = std::make_unique<GroupCommitWriter<Connection>>(
        std::make_unique<CountingTransactions>(counts_), options);
  }
  // Submits a job of `points` points; the first future is set when its work runs, the second
  // with its done status.
  std::pair<std::future<void>, std::future<Status>> submit(std::size_t points = 1) {
    auto ran = std::make_shared<std::promise<void>>();
    auto done = std::make_shared<std::promise<Status>>();
    auto futures = std::make_pair(ran->get_future(), done->get_future());
    writer_->submit(
        [ran](Connection&) {
          ran->set_value();
          return Status::ok();
        },
        points, [done](Status status) { done->set_value(std::move(status)); });
    return futures;
  }

  std::shared_ptr<TransactionCounts> counts_ = std::make_shared<TransactionCounts>();
  std::unique_ptr<GroupCommitWriter<Connection>> writer_;
};

TEST_F(GroupCommitWriterTest, JobsRunAsTheyComeAndCommitTogetherAtTheInterval) {
  constexpr auto kInterval = 3s;
  start({.commit_interval = kInterval});
  // The writer counts the interval from its own commit, which comes after this and before the
  // test sees the job done: measured from here, the next commit is at least kInterval later.
  const auto before_first_commit = Clock::now();
  auto [first_ran, first_done] = submit();
  ASSERT_TRUE(first_done.get().is_ok());  // the first after an idle spell commits at once
  const auto first_commit = Clock::now();
  auto [second_ran, second_done] = submit();
  auto [third_ran, third_done] = submit();
  // Both run in the next transaction long before it may commit.
  EXPECT_EQ(second_ran.wait_for(kInterval / 2), std::future_status::ready);
  EXPECT_EQ(third_ran.wait_for(kInterval / 2), std::future_status::ready);
  EXPECT_LT(Clock::now() - first_commit, kInterval);
  EXPECT_EQ(second_done.wait_for(0s), std::future_status::timeout);
  EXPECT_TRUE(second_done.get().is_ok());
  EXPECT_TRUE(third_done.get().is_ok());
  EXPECT_GE(Clock::now() - before_first_commit, kInterval);
  EXPECT_EQ(counts_->begun.load(), 2);
  EXPECT_EQ(counts_->committed.load(), 2);
}

TEST_F(GroupCommitWriterTest, HalfTheQueuesPointsCommitBeforeTheInterval) {
  constexpr auto kInterval = 60s;
  start({.max_queued_points = 10, .commit_interval = kInterval});
  ASSERT_TRUE(submit().second.get().is_ok());
  const auto first_commit = Clock::now();
  auto [small_ran, small_done] = submit(2);
  ASSERT_EQ(small_ran.wait_for(kInterval / 2), std::future_status::ready);
  auto [large_ran, large_done] = submit(3);  // 5 of 10 points: half the queue
  EXPECT_TRUE(small_done.get().is_ok());
  EXPECT_TRUE(large_done.get().is_ok());
  EXPECT_LT(Clock::now() - first_commit, kInterval / 2);
  EXPECT_EQ(counts_->committed.load(), 2);
}

TEST_F(GroupCommitWriterTest, StoppingCommitsTheOpenTransactionAtOnce) {
  constexpr auto kInterval = 60s;
  start({.commit_interval = kInterval});
  ASSERT_TRUE(submit().second.get().is_ok());
  auto [ran, done] = submit();
  ASSERT_EQ(ran.wait_for(kInterval / 2), std::future_status::ready);
  const auto stopping = Clock::now();
  writer_.reset();
  EXPECT_EQ(done.wait_for(0s), std::future_status::ready);
  EXPECT_TRUE(done.get().is_ok());
  EXPECT_LT(Clock::now() - stopping, kInterval / 2);
  EXPECT_EQ(counts_->committed.load(), 2);
}

}  // namespace
}  // namespace pacificsoft::storage
