// eventfd semantics: every post adds 1, take() reads the counter back to 0.
#include "transport/coap/internal/mailbox.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <utility>

namespace pacificsoft::transport::coap::detail {

namespace {

int make_eventfd() {
  int fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd < 0) std::abort();  // no descriptors left at start-up: nothing sensible to do
  return fd;
}

}  // namespace

Mailbox::Mailbox() : fd_(make_eventfd()) {}

Mailbox::~Mailbox() { ::close(fd_); }

bool Mailbox::post(Task task) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    tasks_.push_back(std::move(task));
    if (tasks_.size() > 1) return true;  // the first one already woke the thread
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] auto written = ::write(fd_, &one, sizeof one);
  return true;
}

std::vector<Mailbox::Task> Mailbox::take() {
  std::uint64_t count = 0;
  [[maybe_unused]] auto read = ::read(fd_, &count, sizeof count);
  std::lock_guard lock(mutex_);
  return std::exchange(tasks_, {});
}

std::vector<Mailbox::Task> Mailbox::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  return std::exchange(tasks_, {});
}

}  // namespace pacificsoft::transport::coap::detail
