#include "rule/queue_consumer.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "common/log.h"
#include "common/thread_name.h"

namespace pacificsoft::rule {

using SteadyTime = std::chrono::steady_clock::time_point;

// Where processors report finished messages and post the work of their chains (the partition's
// MsgExecutor), the queue tells of new records, and the partition is told to stop; from any
// thread. Shared with the processors' callbacks, so one that reports after its partition
// abandoned it at a revoke finds it still there.
struct Inbox final : MsgExecutor {
  bool here() const override { return std::this_thread::get_id() == thread.load(); }
  void post(std::function<void()> task) override {
    std::unique_lock lock(mutex);
    if (closed) {
      lock.unlock();  // dropped outside the lock: what it holds may post again as it goes
      task = nullptr;
      return;
    }
    tasks.push_back(std::move(task));
    if (tasks.size() == 1) news.notify_one();
  }
  // After the partition's thread ended: what is posted from now on is dropped (its message was
  // abandoned, and runs again at the next owner); so are tasks still waiting, which would
  // otherwise hold their chains' runs, and those the inbox, forever.
  void close() {
    std::vector<std::function<void()>> dropped;
    std::lock_guard lock(mutex);
    closed = true;
    dropped.swap(tasks);
  }
  bool has_news() const { return !finished.empty() || !tasks.empty(); }  // under mutex

  std::atomic<std::thread::id> thread;  // the partition's, once it runs
  std::mutex mutex;
  std::condition_variable news;
  std::vector<std::pair<queue::Offset, Status>> finished;  // guarded by mutex
  std::vector<std::function<void()>> tasks;                // guarded by mutex
  bool arrived = false;                                    // guarded by mutex
  bool stopping = false;                                   // guarded by mutex
  bool closed = false;                                     // guarded by mutex
};

// One partition's window. Everything but the inbox belongs to the partition's thread.
class QueueConsumer::Partition {
 public:
  Partition(std::uint32_t id, QueueConsumer& owner) : id_(id), owner_(owner) {}

  void run();
  void stop();
  std::uint32_t id() const { return id_; }

 private:
  struct Entry {
    model::Msg msg;
    bool finished = false;
    SteadyTime not_before;  // a retried message waits its pause
  };
  // A tenant's messages waiting for one of its slots, in offset order.
  struct TenantLine {
    std::deque<queue::Offset> waiting;
    std::size_t in_flight = 0;
  };

  void read_more();
  void admit(const queue::Record& record);
  // Runs the work posted to the partition and takes the finished messages' reports, under one
  // lock of the inbox; true once the partition is told to stop.
  bool take_news();
  void on_finished(queue::Offset offset, const Status& status, SteadyTime now);
  void dispatch_ready();
  void commit_finished_prefix(bool force);
  // Until a processor reports (or `wait` passes, or the partition stops unless `draining`).
  void wait_for_news(std::chrono::milliseconds wait, bool draining = false);
  // Waits up to revoke_wait for the messages in the processor; those still there are abandoned.
  void drain();
  // Until a processor reports or records arrive after the last forget_arrivals().
  void wait_for_news_or_records(std::chrono::milliseconds wait);
  void forget_arrivals();
  const QueueConsumerOptions& options() const { return owner_.options_; }

  const std::uint32_t id_;
  QueueConsumer& owner_;
  std::map<queue::Offset, Entry> window_;  // read, not yet committed
  std::unordered_map<Uuid, TenantLine> tenants_;
  std::size_t in_flight_ = 0;
  queue::Offset next_read_ = 0;
  queue::Offset committed_ = 0;
  SteadyTime last_commit_;
  SteadyTime last_retry_warning_;
  const std::shared_ptr<Inbox> inbox_ = std::make_shared<Inbox>();
};

void QueueConsumer::Partition::run() {
  inbox_->thread = std::this_thread::get_id();
  next_read_ = committed_ = owner_.queue_.committed(id_);
  owner_.queue_.set_arrival_listener(id_, [inbox = inbox_] {
    std::lock_guard lock(inbox->mutex);
    inbox->arrived = true;
    inbox->news.notify_one();
  });
  while (!take_news()) {
    dispatch_ready();
    commit_finished_prefix(false);
    if (window_.size() < options().window) {
      read_more();
    } else {
      wait_for_news(options().poll_wait);
    }
  }
  drain();
  commit_finished_prefix(true);
  owner_.queue_.set_arrival_listener(id_, nullptr);
  inbox_->close();
}

void QueueConsumer::Partition::stop() {
  std::lock_guard lock(inbox_->mutex);
  inbox_->stopping = true;
  inbox_->news.notify_one();
}

void QueueConsumer::Partition::drain() {
  const SteadyTime deadline = std::chrono::steady_clock::now() + options().revoke_wait;
  while (in_flight_ > 0) {
    const SteadyTime now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      // The commit stops before the first of them: whoever consumes the partition next runs
      // them again, and their late reports land in the inbox, which outlives the partition.
      spdlog::warn("queue partition {}: {} messages abandoned unfinished at its revoke", id_,
                   in_flight_);
      return;
    }
    wait_for_news(std::min(options().poll_wait,
                           std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now)),
                  true);
    take_news();
  }
}

// Reads what fits in the window. With messages in the processor it only looks, then waits for
// whichever comes first, a completion or new records; otherwise it waits for the first record.
void QueueConsumer::Partition::read_more() {
  const bool busy = in_flight_ > 0 || !window_.empty();
  if (busy) forget_arrivals();  // records arriving from here on wake the wait below
  auto records = owner_.queue_.read(id_, next_read_, options().window - window_.size(),
                                    busy ? std::chrono::milliseconds(0) : options().poll_wait);
  if (!records) {
    spdlog::error("queue partition {}: read failed: {}", id_, records.status().to_string());
    wait_for_news(options().retry_pause);
    return;
  }
  for (const auto& record : *records) admit(record);
  if (!records->empty()) next_read_ = records->back().offset + 1;
  if (records->empty() && busy) wait_for_news_or_records(std::chrono::milliseconds(10));
}

void QueueConsumer::Partition::admit(const queue::Record& record) {
  auto msg = model::decode_msg(record.payload);
  if (!msg) {  // cannot ever be processed: logged and passed over
    spdlog::error("queue record {} dropped: {}", record.offset, msg.status().message());
    window_[record.offset].finished = true;
    return;
  }
  const Uuid tenant = msg->tenant_id;
  window_[record.offset].msg = std::move(*msg);
  tenants_[tenant].waiting.push_back(record.offset);
}

bool QueueConsumer::Partition::take_news() {
  std::vector<std::function<void()>> tasks;
  std::vector<std::pair<queue::Offset, Status>> finished;
  bool stopping = false;
  {
    std::lock_guard lock(inbox_->mutex);
    tasks.swap(inbox_->tasks);
    finished.swap(inbox_->finished);
    stopping = inbox_->stopping;
  }
  for (auto& task : tasks) task();  // what these finish is taken the next time
  const SteadyTime now = std::chrono::steady_clock::now();
  for (const auto& [offset, status] : finished) on_finished(offset, status, now);
  return stopping;
}

void QueueConsumer::Partition::on_finished(queue::Offset offset, const Status& status,
                                           SteadyTime now) {
  --in_flight_;
  Entry& entry = window_.at(offset);
  TenantLine& line = tenants_[entry.msg.tenant_id];
  --line.in_flight;
  if (status) {
    entry.finished = true;
    entry.msg = {};  // the window keeps only its place until the prefix is committed
    return;
  }
  if (now - last_retry_warning_ >= options().retry_pause) {
    spdlog::warn("queue partition {}: message failed, retrying: {}", id_, status.to_string());
    last_retry_warning_ = now;
  }
  entry.not_before = now + options().retry_pause;
  line.waiting.insert(std::lower_bound(line.waiting.begin(), line.waiting.end(), offset), offset);
}

// Hands each tenant's waiting messages to the processor while the tenant has free slots.
void QueueConsumer::Partition::dispatch_ready() {
  const SteadyTime now = std::chrono::steady_clock::now();
  for (auto it = tenants_.begin(); it != tenants_.end();) {
    TenantLine& line = it->second;
    while (line.in_flight < options().tenant_in_flight && !line.waiting.empty()) {
      const queue::Offset offset = line.waiting.front();
      const Entry& entry = window_.at(offset);
      if (entry.not_before > now) break;
      line.waiting.pop_front();
      ++line.in_flight;
      ++in_flight_;
      owner_.processor_.process(entry.msg, inbox_, [inbox = inbox_, offset](const Status& status) {
        std::lock_guard lock(inbox->mutex);
        inbox->finished.emplace_back(offset, status);
        // The partition takes all finished messages at once, so the first one wakes it; the
        // store's commit finishes thousands in a row, and each woke it again.
        if (inbox->finished.size() == 1) inbox->news.notify_one();
      });
    }
    it = line.waiting.empty() && line.in_flight == 0 ? tenants_.erase(it) : std::next(it);
  }
}

// Commits up to the first unfinished message; at most every few milliseconds while busy (a
// commit lost in a crash only replays finished messages).
void QueueConsumer::Partition::commit_finished_prefix(bool force) {
  queue::Offset next = committed_;
  while (!window_.empty() && window_.begin()->second.finished) {
    next = window_.begin()->first + 1;
    window_.erase(window_.begin());
  }
  if (window_.empty()) next = next_read_;
  const SteadyTime now = std::chrono::steady_clock::now();
  constexpr auto kCommitInterval = std::chrono::milliseconds(20);
  if (next == committed_ || (!force && in_flight_ > 0 && now - last_commit_ < kCommitInterval)) {
    return;
  }
  Status status = owner_.queue_.commit(id_, next);
  if (!status) {
    spdlog::error("queue partition {}: {}", id_, status.to_string());
    return;
  }
  committed_ = next;
  last_commit_ = now;
}

void QueueConsumer::Partition::wait_for_news(std::chrono::milliseconds wait, bool draining) {
  Inbox& inbox = *inbox_;
  std::unique_lock lock(inbox.mutex);
  inbox.news.wait_for(
      lock, wait, [&inbox, draining] { return inbox.has_news() || (inbox.stopping && !draining); });
}

void QueueConsumer::Partition::wait_for_news_or_records(std::chrono::milliseconds wait) {
  Inbox& inbox = *inbox_;
  std::unique_lock lock(inbox.mutex);
  inbox.news.wait_for(lock, wait,
                      [&inbox] { return inbox.has_news() || inbox.arrived || inbox.stopping; });
}

void QueueConsumer::Partition::forget_arrivals() {
  std::lock_guard lock(inbox_->mutex);
  inbox_->arrived = false;
}

QueueConsumer::QueueConsumer(queue::MessageQueue& queue, MsgProcessor& processor,
                             QueueConsumerOptions options)
    : queue_(queue), processor_(processor), options_(options) {}

QueueConsumer::~QueueConsumer() {
  std::vector<std::uint32_t> assigned;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, running] : running_) assigned.push_back(id);
  }
  for (std::uint32_t id : assigned) on_revoked(id);
}

void QueueConsumer::on_assigned(std::uint32_t partition) {
  std::lock_guard lock(mutex_);
  if (partition >= queue_.partitions() || running_.contains(partition)) return;
  processor_.on_partition_assigned(partition, queue_.partitions());
  Running& running = running_[partition];
  running.partition = std::make_unique<Partition>(partition, *this);
  running.thread = std::thread([consumed = running.partition.get()] {
    name_this_thread("rule-p" + std::to_string(consumed->id()));
    consumed->run();
  });
}

void QueueConsumer::on_revoked(std::uint32_t partition) {
  Running running;
  {
    std::lock_guard lock(mutex_);
    auto found = running_.find(partition);
    if (found == running_.end()) return;
    running = std::move(found->second);
    running_.erase(found);
  }
  running.partition->stop();
  running.thread.join();
  queue_.release(partition);
  processor_.on_partition_revoked(partition, queue_.partitions());
}

}  // namespace pacificsoft::rule
