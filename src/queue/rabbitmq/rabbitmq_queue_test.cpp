// The queue contract on a real RabbitMQ broker, the one tests/cluster/run.sh starts
// (PACIFICSOFT_TEST_RABBITMQ host:port). Each test has queues of its own.
#include "queue/rabbitmq/rabbitmq_queue.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "common/uuid.h"

namespace pacificsoft::queue::rabbitmq {
namespace {

using std::chrono::milliseconds;

class RabbitMqQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* broker = std::getenv("PACIFICSOFT_TEST_RABBITMQ");
    ASSERT_NE(broker, nullptr) << "needs a RabbitMQ broker: run tests/cluster/run.sh";
    const std::string address = broker;
    options_.host = address.substr(0, address.rfind(':'));
    options_.port = std::stoi(address.substr(address.rfind(':') + 1));
    options_.queue_prefix = "test-" + Uuid::random().to_string();
    options_.partitions = 2;
    options_.backlog_refresh = milliseconds(100);
  }

  std::unique_ptr<RabbitMqQueue> open() {
    auto queue = RabbitMqQueue::open(options_);
    EXPECT_TRUE(queue) << queue.status().to_string();
    return queue ? std::move(*queue) : nullptr;
  }

  static Status append(RabbitMqQueue& queue, std::uint32_t partition, std::string payload) {
    std::promise<Status> confirmed;
    queue.append(partition, std::move(payload),
                 [&](Status status) { confirmed.set_value(status); });
    return confirmed.get_future().get();
  }

  // Reads until `count` records came (or 10 s passed).
  static std::vector<Record> read(RabbitMqQueue& queue, std::uint32_t partition, Offset from,
                                  std::size_t count) {
    std::vector<Record> records;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (records.size() < count && std::chrono::steady_clock::now() < deadline) {
      auto batch = queue.read(partition, from, count - records.size(), milliseconds(200));
      EXPECT_TRUE(batch);
      if (!batch) break;
      for (auto& record : *batch) {
        from = record.offset + 1;
        records.push_back(std::move(record));
      }
    }
    return records;
  }

  static std::vector<std::string> payloads(const std::vector<Record>& records) {
    std::vector<std::string> texts;
    for (const auto& record : records) texts.push_back(record.payload);
    return texts;
  }

  static std::vector<std::string> numbered(int first, int last) {
    std::vector<std::string> texts;
    for (int i = first; i <= last; ++i) texts.push_back("m" + std::to_string(i));
    return texts;
  }

  RabbitMqOptions options_;
};

TEST_F(RabbitMqQueueTest, ConfirmedAppendsAreReadInOrderWithOffsetsFromTheCommit) {
  auto queue = open();
  ASSERT_TRUE(queue);
  for (const auto& text : numbered(0, 19)) ASSERT_TRUE(append(*queue, 0, text));
  auto records = read(*queue, 0, queue->committed(0), 20);
  EXPECT_EQ(payloads(records), numbered(0, 19));
  ASSERT_EQ(records.size(), 20U);
  EXPECT_EQ(records.front().offset, 0U);
  EXPECT_EQ(records.back().offset, 19U);
  auto other = queue->read(1, 0, 10, milliseconds(200));
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty()) << "partitions are queues of their own";
}

TEST_F(RabbitMqQueueTest, WhatWasNotCommittedIsReadAgainAfterARelease) {
  auto queue = open();
  ASSERT_TRUE(queue);
  for (const auto& text : numbered(0, 9)) ASSERT_TRUE(append(*queue, 0, text));
  ASSERT_EQ(read(*queue, 0, 0, 10).size(), 10U);
  ASSERT_TRUE(queue->commit(0, 4));
  queue->release(0);  // a revoke: the broker gets m4..m9 back
  EXPECT_EQ(queue->committed(0), 4U);
  auto again = read(*queue, 0, queue->committed(0), 6);
  EXPECT_EQ(payloads(again), numbered(4, 9));
  ASSERT_FALSE(again.empty());
  EXPECT_EQ(again.front().offset, 4U);
}

TEST_F(RabbitMqQueueTest, ANewConsumerGetsOnlyWhatTheOldOneDidNotCommit) {
  {
    auto first = open();
    ASSERT_TRUE(first);
    for (const auto& text : numbered(0, 9)) ASSERT_TRUE(append(*first, 1, text));
    ASSERT_EQ(read(*first, 1, 0, 10).size(), 10U);
    ASSERT_TRUE(first->commit(1, 7));
    // Closing waits for the acknowledgement to go out with the connection's end.
    std::this_thread::sleep_for(milliseconds(300));
  }  // a process that ends (or dies): its connection closes
  auto second = open();
  ASSERT_TRUE(second);
  EXPECT_EQ(payloads(read(*second, 1, 0, 3)), numbered(7, 9));
  auto more = second->read(1, 0, 10, milliseconds(300));
  ASSERT_TRUE(more);
  EXPECT_TRUE(more->empty()) << "the committed ones are gone";
}

TEST_F(RabbitMqQueueTest, TheBacklogCountsMessagesNotDeliveredYet) {
  auto queue = open();
  ASSERT_TRUE(queue);
  for (const auto& text : numbered(1, 5)) ASSERT_TRUE(append(*queue, 1, text));
  for (int i = 0; i < 50 && queue->backlog(1) != 5; ++i)
    std::this_thread::sleep_for(milliseconds(100));
  EXPECT_EQ(queue->backlog(1), 5U);
  EXPECT_EQ(queue->backlog(0), 0U);
}

TEST_F(RabbitMqQueueTest, ABrokerThatCannotBeReachedIsAClearError) {
  options_.port = 1;  // nothing listens there
  options_.connect_timeout = milliseconds(500);
  auto queue = RabbitMqQueue::open(options_);
  ASSERT_FALSE(queue);
  EXPECT_EQ(queue.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(queue.status().message().find("connect"), std::string::npos)
      << queue.status().message();
}

}  // namespace
}  // namespace pacificsoft::queue::rabbitmq
