// One thread running posted tasks in order: work taken off a thread that must not block (an
// event loop handing a store read over), or kept to one thread. The queue is bounded, so a
// flood is refused at post() instead of growing without end.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace pacificsoft {

// Thread-safe; the destructor runs what was queued, then joins.
class SerialExecutor {
 public:
  SerialExecutor(std::string thread_name, std::size_t max_queued);
  ~SerialExecutor();
  SerialExecutor(const SerialExecutor&) = delete;
  SerialExecutor& operator=(const SerialExecutor&) = delete;

  // Queues task; false (task dropped unrun) when max_queued tasks wait already or the executor
  // is stopping.
  [[nodiscard]] bool post(std::function<void()> task);

 private:
  void loop(const std::string& thread_name);

  const std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;  // guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
  std::thread thread_;
};

}  // namespace pacificsoft
