// An eventfd a thread polls beside its broker socket, so other threads can wake it.
#pragma once

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>

namespace pacificsoft::queue::rabbitmq::detail {

class Wakeup {
 public:
  Wakeup() : fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}
  ~Wakeup() {
    if (fd_ >= 0) ::close(fd_);
  }
  Wakeup(const Wakeup&) = delete;
  Wakeup& operator=(const Wakeup&) = delete;

  int fd() const { return fd_; }
  void wake() {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto written = ::write(fd_, &one, sizeof one);
  }
  void clear() {
    std::uint64_t count = 0;
    [[maybe_unused]] auto read = ::read(fd_, &count, sizeof count);
  }

 private:
  const int fd_;
};

// Waits up to `timeout_ms` for the broker's socket or the wakeup; true when the socket is
// readable (or the library holds data already).
bool wait_for_broker(int socket, const Wakeup& wakeup, int timeout_ms);

}  // namespace pacificsoft::queue::rabbitmq::detail
