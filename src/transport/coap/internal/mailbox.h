// Work handed to the CoAP thread from others (durable-write callbacks, attribute updates, RPC
// deliveries): libcoap is not thread-safe, so only that thread touches it. A queue guarded by a
// mutex and an eventfd the thread polls beside libcoap's own descriptor to wake up.
#pragma once

#include <functional>
#include <mutex>
#include <vector>

#include "common/wakeup_fd.h"

namespace pacificsoft::transport::coap::detail {

// Thread-safe. Held by shared_ptr; callbacks that may outlive the server hold it weakly.
class Mailbox {
 public:
  using Task = std::function<void()>;

  Mailbox() = default;  // aborts if no eventfd can be made (a broken environment)
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;

  // Queues `task` for the CoAP thread and wakes it; false (task dropped) once closed.
  bool post(Task task);
  // The descriptor that is readable while tasks wait.
  int fd() const { return wakeup_.fd(); }
  // Takes what is queued; the CoAP thread runs it.
  std::vector<Task> take();
  // Refuses further posts; returns what was still queued.
  std::vector<Task> close();

 private:
  const WakeupFd wakeup_;
  std::mutex mutex_;
  std::vector<Task> tasks_;  // guarded by mutex_
  bool closed_ = false;      // guarded by mutex_
};

}  // namespace pacificsoft::transport::coap::detail
