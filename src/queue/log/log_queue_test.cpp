#include "queue/log/log_queue.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <future>

namespace pacificsoft::queue::log {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class LogQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ps-queue-" + Uuid::random().to_string());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<LogQueue> open(std::uint64_t segment_bytes = 1 << 20) {
    auto queue = LogQueue::open(dir_.string(), {2, segment_bytes});
    EXPECT_TRUE(queue) << queue.status().to_string();
    return std::move(*queue);
  }

  // Appends and waits until the append is reported.
  static Status append(LogQueue& queue, std::uint32_t partition, std::string payload) {
    std::promise<Status> done;
    queue.append(partition, std::move(payload), [&done](Status status) { done.set_value(status); });
    return done.get_future().get();
  }

  static std::vector<std::string> payloads(const std::vector<Record>& records) {
    std::vector<std::string> out;
    for (const auto& record : records) out.push_back(record.payload);
    return out;
  }

  fs::path dir_;
};

TEST_F(LogQueueTest, AppendedRecordsAreReadInOrderWithConsecutiveOffsets) {
  auto queue = open();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(append(*queue, 1, "m" + std::to_string(i)));
  auto records = queue->read(1, 0, 3, 0ms);
  ASSERT_TRUE(records);
  EXPECT_EQ(payloads(*records), (std::vector<std::string>{"m0", "m1", "m2"}));
  EXPECT_EQ(records->back().offset, 2u);
  auto rest = queue->read(1, 3, 10, 0ms);
  EXPECT_EQ(payloads(*rest), (std::vector<std::string>{"m3", "m4"}));
  EXPECT_TRUE(queue->read(0, 0, 10, 0ms)->empty()) << "partitions are apart";
}

TEST_F(LogQueueTest, ReadWaitsForAnAppend) {
  auto queue = open();
  EXPECT_TRUE(queue->read(0, 0, 10, 20ms)->empty());
  auto reader = std::async(std::launch::async, [&] { return queue->read(0, 0, 10, 5s); });
  ASSERT_TRUE(append(*queue, 0, "late"));
  auto records = reader.get();
  ASSERT_TRUE(records);
  EXPECT_EQ(payloads(*records), std::vector<std::string>{"late"});
}

TEST_F(LogQueueTest, TheArrivalListenerHearsOfItsPartitionsRecordsBeforeTheyAreAcknowledged) {
  auto queue = open();
  std::atomic<int> heard{0};
  queue->set_arrival_listener(1, [&heard] { ++heard; });
  ASSERT_TRUE(append(*queue, 0, "other partition"));
  EXPECT_EQ(heard, 0);
  ASSERT_TRUE(append(*queue, 1, "mine"));
  EXPECT_EQ(heard, 1);
  queue->set_arrival_listener(1, nullptr);
  ASSERT_TRUE(append(*queue, 1, "after removal"));
  EXPECT_EQ(heard, 1);
}

TEST_F(LogQueueTest, ReopeningKeepsRecordsAndTheCommittedOffset) {
  {
    auto queue = open();
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(append(*queue, 0, "r" + std::to_string(i)));
    ASSERT_TRUE(queue->commit(0, 2));
  }
  auto queue = open();
  EXPECT_EQ(queue->committed(0), 2u);
  EXPECT_EQ(payloads(*queue->read(0, 2, 10, 0ms)), (std::vector<std::string>{"r2", "r3"}));
  ASSERT_TRUE(append(*queue, 0, "r4"));
  EXPECT_EQ(queue->read(0, 4, 10, 0ms)->front().offset, 4u);
}

TEST_F(LogQueueTest, TheLastOfManyCommitsIsKept) {
  {
    auto queue = open();
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(append(*queue, 1, "c"));
    for (Offset next = 1; next <= 5; ++next) ASSERT_TRUE(queue->commit(1, next));
    ASSERT_TRUE(queue->commit(1, 3));  // never goes back
  }
  EXPECT_EQ(open()->committed(1), 5u);
}

TEST_F(LogQueueTest, ATornCommittedOffsetReplaysFromTheOldestRecord) {
  {
    auto queue = open();
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(append(*queue, 0, "t"));
    ASSERT_TRUE(queue->commit(0, 3));
  }
  {
    std::fstream file(dir_ / "partition-0000" / "committed",
                      std::ios::binary | std::ios::in | std::ios::out);
    file.seekp(9);
    file.put('\x5a');  // the crc no longer matches
  }
  auto queue = open();
  EXPECT_EQ(queue->committed(0), 0u);
  EXPECT_EQ(queue->read(0, 0, 10, 0ms)->size(), 3u);
}

TEST_F(LogQueueTest, ATornTailIsCutOffOnOpen) {
  {
    auto queue = open();
    ASSERT_TRUE(append(*queue, 0, "whole"));
  }
  const fs::path segment = dir_ / "partition-0000" / "00000000000000000000.log";
  {
    std::ofstream file(segment, std::ios::binary | std::ios::app);
    file << "\x20\x00\x00\x00garbage-of-a-crash";
  }
  auto queue = open();
  ASSERT_TRUE(append(*queue, 0, "after"));
  EXPECT_EQ(payloads(*queue->read(0, 0, 10, 0ms)), (std::vector<std::string>{"whole", "after"}));
}

// The process may not grow files past `bytes` while it lives (SIGXFSZ ignored: write fails).
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &saved_);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, old_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit saved_{};
  void (*old_handler_)(int) = nullptr;
};

TEST_F(LogQueueTest, AFailedWriteLeavesNoPartOfItsRecordsAndTheNextAppendFollowsTheLastWholeOne) {
  auto queue = open();
  ASSERT_TRUE(append(*queue, 0, "whole"));
  const fs::path segment = dir_ / "partition-0000" / "00000000000000000000.log";
  const auto size = fs::file_size(segment);
  {
    FileSizeLimit limit(size + 20);  // room for part of the next record only
    EXPECT_FALSE(append(*queue, 0, std::string(200, 'x')));
  }
  EXPECT_EQ(fs::file_size(segment), size);
  ASSERT_TRUE(append(*queue, 0, "after"));
  auto records = queue->read(0, 0, 10, 0ms);
  ASSERT_TRUE(records);
  EXPECT_EQ(payloads(*records), (std::vector<std::string>{"whole", "after"}));
  EXPECT_EQ(records->back().offset, 1u);
}

TEST_F(LogQueueTest, ACorruptRecordIsCutWithEverythingAfterIt) {
  {
    auto queue = open();
    ASSERT_TRUE(append(*queue, 0, "first"));
    ASSERT_TRUE(append(*queue, 0, "second"));
  }
  const fs::path segment = dir_ / "partition-0000" / "00000000000000000000.log";
  {
    std::fstream file(segment, std::ios::binary | std::ios::in | std::ios::out);
    file.seekp(16 + 5 + 16 + 2);  // a byte inside "second"
    file.put('X');
  }
  auto queue = open();
  EXPECT_EQ(payloads(*queue->read(0, 0, 10, 0ms)), std::vector<std::string>{"first"});
}

TEST_F(LogQueueTest, SegmentsRollAndCommittedOnesAreDeleted) {
  auto queue = open(256);
  const std::string payload(100, 'x');
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(append(*queue, 0, payload));
  const fs::path partition = dir_ / "partition-0000";
  auto segments = [&] {
    int count = 0;
    for (const auto& entry : fs::directory_iterator(partition)) {
      count += entry.path().extension() == ".log" ? 1 : 0;
    }
    return count;
  };
  EXPECT_GT(segments(), 5);
  auto all = queue->read(0, 0, 100, 0ms);
  ASSERT_EQ(all->size(), 20u) << "a read crosses segments";
  ASSERT_TRUE(queue->commit(0, 18));
  EXPECT_LE(segments(), 2);
  EXPECT_EQ(queue->read(0, 18, 10, 0ms)->size(), 2u);
}

TEST_F(LogQueueTest, BacklogCountsRecordsNotCommitted) {
  auto queue = open();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(append(*queue, 0, "b"));
  EXPECT_EQ(queue->backlog(0), 3u);
  ASSERT_TRUE(queue->commit(0, 2));
  EXPECT_EQ(queue->backlog(0), 1u);
  EXPECT_EQ(queue->backlog(1), 0u);
}

TEST(PartitionerTest, SpreadsAndIsStable) {
  const Uuid device = Uuid::random();
  EXPECT_EQ(partition_of(device, 10), partition_of(device, 10));
  std::vector<int> counts(4);
  for (int i = 0; i < 4000; ++i) ++counts[partition_of(Uuid::random(), 4)];
  for (int count : counts) EXPECT_GT(count, 800);
}

}  // namespace
}  // namespace pacificsoft::queue::log
