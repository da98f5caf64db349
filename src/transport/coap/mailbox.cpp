#include "transport/coap/internal/mailbox.h"

#include <utility>

namespace pacificsoft::transport::coap::detail {

bool Mailbox::post(Task task) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    tasks_.push_back(std::move(task));
    if (tasks_.size() > 1) return true;  // the first one already woke the thread
  }
  wakeup_.wake();
  return true;
}

std::vector<Mailbox::Task> Mailbox::take() {
  wakeup_.clear();
  std::lock_guard lock(mutex_);
  return std::exchange(tasks_, {});
}

std::vector<Mailbox::Task> Mailbox::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  return std::exchange(tasks_, {});
}

}  // namespace pacificsoft::transport::coap::detail
