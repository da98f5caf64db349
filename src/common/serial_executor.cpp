// SerialExecutor: a deque under a mutex, drained by one thread.
#include "common/serial_executor.h"

#include "common/thread_name.h"

namespace pacificsoft {

SerialExecutor::SerialExecutor(std::string thread_name, std::size_t max_queued)
    : max_queued_(max_queued), thread_([this, name = std::move(thread_name)] { loop(name); }) {}

SerialExecutor::~SerialExecutor() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

bool SerialExecutor::post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || tasks_.size() >= max_queued_) return false;
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
  return true;
}

void SerialExecutor::loop(const std::string& thread_name) {
  name_this_thread(thread_name);
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
    if (tasks_.empty()) return;  // stopping, and everything queued ran
    auto task = std::move(tasks_.front());
    tasks_.pop_front();
    lock.unlock();
    task();
    lock.lock();
  }
}

}  // namespace pacificsoft
