#include "rule/queue_consumer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <mutex>
#include <thread>

#include "queue/log/log_queue.h"

namespace pacificsoft::rule {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Holds the messages whose data starts with "hold" until release(); finishes the others at once.
class HoldingProcessor final : public MsgProcessor {
 public:
  void process(const model::Msg& msg, std::shared_ptr<MsgExecutor> /*executor*/,
               Processed processed) override {
    std::unique_lock lock(mutex_);
    if (msg.data.starts_with("hold")) {
      held_.push_back(std::move(processed));
      return;
    }
    finished_.push_back(msg.data);
    lock.unlock();
    processed(Status::ok());
  }
  void release() {
    std::vector<Processed> held;
    {
      std::lock_guard lock(mutex_);
      held.swap(held_);
    }
    for (auto& processed : held) processed(Status::ok());
  }
  std::size_t held() {
    std::lock_guard lock(mutex_);
    return held_.size();
  }
  std::vector<std::string> finished() {
    std::lock_guard lock(mutex_);
    return finished_;
  }

 private:
  std::mutex mutex_;
  std::vector<Processed> held_;
  std::vector<std::string> finished_;
};

// Records what it processes; fails the first `failures` calls with Unavailable.
class RecordingProcessor final : public MsgProcessor {
 public:
  explicit RecordingProcessor(int failures = 0) : failures_(failures) {}

  void process(const model::Msg& msg, std::shared_ptr<MsgExecutor> /*executor*/,
               Processed processed) override {
    std::lock_guard lock(mutex_);
    if (failures_ > 0) {
      --failures_;
      processed(Status(ErrorCode::kUnavailable, "storage down"));
      return;
    }
    seen_.push_back(msg.data);
    processed(Status::ok());
  }

  std::vector<std::string> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  void on_partition_assigned(std::uint32_t partition, std::uint32_t /*partitions*/) override {
    std::lock_guard lock(mutex_);
    assigned_.push_back(partition);
  }
  void on_partition_revoked(std::uint32_t partition, std::uint32_t /*partitions*/) override {
    std::lock_guard lock(mutex_);
    revoked_.push_back(partition);
  }
  std::vector<std::uint32_t> assigned() {
    std::lock_guard lock(mutex_);
    return assigned_;
  }
  std::vector<std::uint32_t> revoked() {
    std::lock_guard lock(mutex_);
    return revoked_;
  }

 private:
  std::mutex mutex_;
  int failures_;
  std::vector<std::string> seen_;
  std::vector<std::uint32_t> assigned_;
  std::vector<std::uint32_t> revoked_;
};

class QueueConsumerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ps-consumer-" + Uuid::random().to_string());
    auto opened = queue::log::LogQueue::open(dir_.string(), {1, 1 << 20});
    ASSERT_TRUE(opened);
    queue_ = std::move(*opened);
  }
  void TearDown() override {
    queue_.reset();
    fs::remove_all(dir_);
  }

  void append(const std::string& data, const Uuid& tenant = {}) {
    model::Msg msg;
    msg.id = Uuid::random();
    msg.tenant_id = tenant;
    msg.type = "POST_TELEMETRY_REQUEST";
    msg.data = data;
    std::promise<Status> done;
    queue_->append(0, model::encode_msg(msg), [&done](Status status) { done.set_value(status); });
    ASSERT_TRUE(done.get_future().get());
  }

  static void wait_for(const std::function<bool()>& condition) {
    for (int i = 0; i < 500 && !condition(); ++i) std::this_thread::sleep_for(10ms);
    ASSERT_TRUE(condition());
  }

  fs::path dir_;
  std::unique_ptr<queue::log::LogQueue> queue_;
};

TEST_F(QueueConsumerTest, ProcessesInOrderAndCommitsAfterwards) {
  RecordingProcessor processor;
  QueueConsumer consumer(*queue_, processor, {2, 2, 20ms, 10ms});
  consumer.on_assigned(0);
  for (int i = 0; i < 5; ++i) append(std::to_string(i));
  wait_for([&] { return processor.seen().size() == 5; });
  EXPECT_EQ(processor.seen(), (std::vector<std::string>{"0", "1", "2", "3", "4"}));
  wait_for([&] { return queue_->committed(0) == 5; });
}

TEST_F(QueueConsumerTest, AFailedMessageIsRetriedNotSkipped) {
  RecordingProcessor processor(3);
  QueueConsumer consumer(*queue_, processor, {10, 10, 20ms, 10ms});
  consumer.on_assigned(0);
  append("kept");
  wait_for([&] { return processor.seen().size() == 1; });
  EXPECT_EQ(processor.seen().front(), "kept");
  wait_for([&] { return queue_->committed(0) == 1; });
}

TEST_F(QueueConsumerTest, ResumesAtTheCommittedOffset) {
  for (int i = 0; i < 3; ++i) append("m" + std::to_string(i));
  ASSERT_TRUE(queue_->commit(0, 2));
  RecordingProcessor processor;
  QueueConsumer consumer(*queue_, processor, {10, 10, 20ms, 10ms});
  consumer.on_assigned(0);
  wait_for([&] { return processor.seen().size() == 1; });
  EXPECT_EQ(processor.seen(), std::vector<std::string>{"m2"}) << "committed ones not replayed";
}

TEST_F(QueueConsumerTest, LaterMessagesPassAnUnfinishedOneWhichHoldsTheCommit) {
  HoldingProcessor processor;
  QueueConsumer consumer(*queue_, processor, {10, 10, 20ms, 10ms});
  consumer.on_assigned(0);
  append("a");
  append("hold");
  append("b");
  append("c");
  wait_for([&] { return processor.finished().size() == 3 && processor.held() == 1; });
  wait_for([&] { return queue_->committed(0) == 1; });
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(queue_->committed(0), 1u) << "not past the unfinished message";
  processor.release();
  wait_for([&] { return queue_->committed(0) == 4; });
}

TEST_F(QueueConsumerTest, ATenantWithSlowMessagesDoesNotHoldUpTheOthers) {
  const Uuid slow = Uuid::random();
  const Uuid other = Uuid::random();
  HoldingProcessor processor;
  QueueConsumer consumer(*queue_, processor, {100, 3, 20ms, 10ms});
  consumer.on_assigned(0);
  for (int i = 0; i < 10; ++i) append("hold" + std::to_string(i), slow);
  for (int i = 0; i < 5; ++i) append(std::to_string(i), other);
  wait_for([&] { return processor.finished().size() == 5; });
  EXPECT_EQ(processor.held(), 3u) << "the slow tenant has its three slots, no more";
  for (int round = 0; round < 4; ++round) {
    wait_for([&] { return processor.held() > 0; });
    processor.release();
  }
  wait_for([&] { return queue_->committed(0) == 15; });
}

// Fails the messages whose data is `failing` while `down` is set; records the others.
class PartlyDownProcessor final : public MsgProcessor {
 public:
  explicit PartlyDownProcessor(std::string failing) : failing_(std::move(failing)) {}
  void process(const model::Msg& msg, std::shared_ptr<MsgExecutor> /*executor*/,
               Processed processed) override {
    std::unique_lock lock(mutex_);
    if (down_ && msg.data == failing_) {
      lock.unlock();
      processed(Status(ErrorCode::kUnavailable, "storage down"));
      return;
    }
    seen_.push_back(msg.data);
    lock.unlock();
    processed(Status::ok());
  }
  void recover() {
    std::lock_guard lock(mutex_);
    down_ = false;
  }
  std::vector<std::string> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  std::mutex mutex_;
  std::string failing_;
  bool down_ = true;
  std::vector<std::string> seen_;
};

TEST_F(QueueConsumerTest, AFailedMessageWaitsWithItsTenantsLaterOnesOnly) {
  const Uuid failing = Uuid::random();
  PartlyDownProcessor processor("a1");
  // One slot per tenant: a2 cannot be handed over while a1 is (messages handed over together
  // run concurrently and may finish in any order).
  QueueConsumer consumer(*queue_, processor, {10, 1, 20ms, 10ms});
  consumer.on_assigned(0);
  append("a1", failing);
  append("a2", failing);
  append("b1", Uuid::random());
  wait_for([&] { return processor.seen() == std::vector<std::string>{"b1"}; });
  std::this_thread::sleep_for(50ms);  // a1 retried a few times meanwhile
  EXPECT_EQ(processor.seen(), std::vector<std::string>{"b1"}) << "a2 waits behind a1";
  EXPECT_EQ(queue_->committed(0), 0u);
  processor.recover();
  wait_for([&] { return processor.seen().size() == 3 && queue_->committed(0) == 3; });
  EXPECT_EQ(processor.seen(), (std::vector<std::string>{"b1", "a1", "a2"}))
      << "a tenant's messages keep their order";
}

TEST_F(QueueConsumerTest, ConsumesOnlyFromAssignToRevokeAndResumesAtTheCommit) {
  RecordingProcessor processor;
  QueueConsumer consumer(*queue_, processor, {10, 10, 20ms, 10ms});
  append("before");
  std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(processor.seen().empty()) << "nothing is consumed before the partition is assigned";
  consumer.on_assigned(0);
  EXPECT_EQ(processor.assigned(), std::vector<std::uint32_t>{0}) << "told before it runs any";
  wait_for([&] { return processor.seen().size() == 1; });
  consumer.on_revoked(0);
  EXPECT_EQ(queue_->committed(0), 1u) << "what finished is committed by the revoke";
  EXPECT_EQ(processor.revoked(), std::vector<std::uint32_t>{0}) << "told to drop its state";
  append("while revoked");
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(processor.seen().size(), 1u) << "nothing is consumed after the revoke";
  consumer.on_assigned(0);
  wait_for([&] { return processor.seen().size() == 2; });
  EXPECT_EQ(processor.seen(), (std::vector<std::string>{"before", "while revoked"}));
}

TEST_F(QueueConsumerTest, ARevokeWaitsForMessagesInTheProcessorThenAbandonsThemUncommitted) {
  HoldingProcessor processor;
  QueueConsumerOptions options{10, 10, 20ms, 10ms};
  options.revoke_wait = 100ms;
  {
    QueueConsumer consumer(*queue_, processor, options);
    consumer.on_assigned(0);
    append("a");
    append("hold");
    append("b");
    wait_for([&] { return processor.finished().size() == 2 && processor.held() == 1; });
    consumer.on_revoked(0);  // returns after revoke_wait: "hold" is still in the processor
    EXPECT_EQ(queue_->committed(0), 1u) << "committed up to the abandoned message only";
    processor.release();  // a late report finds the abandoned partition's inbox, not freed memory
  }
  RecordingProcessor next_owner;
  QueueConsumer consumer(*queue_, next_owner, options);
  consumer.on_assigned(0);
  wait_for([&] { return next_owner.seen().size() == 2; });
  EXPECT_EQ(next_owner.seen(), (std::vector<std::string>{"hold", "b"}))
      << "the next owner runs the abandoned message again";
}

// Answers every message from a thread of its own through the partition's executor, noting
// where the continuation ran.
class AnsweringElsewhereProcessor final : public MsgProcessor {
 public:
  void process(const model::Msg& /*msg*/, std::shared_ptr<MsgExecutor> executor,
               Processed processed) override {
    const auto consumer_thread = std::this_thread::get_id();
    std::lock_guard lock(mutex_);
    threads_.emplace_back([this, executor, processed, consumer_thread] {
      EXPECT_FALSE(executor->here()) << "the answering thread is not the partition's";
      executor->post([this, executor, processed, consumer_thread] {
        std::lock_guard lock(mutex_);
        continued_here_.push_back(executor->here() &&
                                  std::this_thread::get_id() == consumer_thread);
        processed(Status::ok());
      });
    });
  }
  std::vector<bool> continued_here() {
    std::lock_guard lock(mutex_);
    return continued_here_;
  }
  ~AnsweringElsewhereProcessor() override {
    for (auto& thread : threads_) thread.join();
  }

 private:
  std::mutex mutex_;
  std::vector<std::thread> threads_;
  std::vector<bool> continued_here_;
};

TEST_F(QueueConsumerTest, WorkPostedFromOtherThreadsRunsOnThePartitionsThread) {
  AnsweringElsewhereProcessor processor;
  {
    QueueConsumer consumer(*queue_, processor, {10, 10, 20ms, 10ms});
    consumer.on_assigned(0);
    for (int i = 0; i < 3; ++i) append(std::to_string(i));
    wait_for([&] { return queue_->committed(0) == 3; });
  }
  EXPECT_EQ(processor.continued_here(), (std::vector<bool>{true, true, true}));
}

}  // namespace
}  // namespace pacificsoft::rule
