// An eventfd a thread polls beside its other descriptors (a socket, libcoap's), so other
// threads can wake it: wake() adds one, clear() reads the count back to zero.
#pragma once

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace pacificsoft {

// Thread-safe.
class WakeupFd {
 public:
  // Aborts if no eventfd can be made: no descriptors left at start-up, nothing sensible to do.
  WakeupFd() : fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (fd_ < 0) std::abort();
  }
  ~WakeupFd() { ::close(fd_); }
  WakeupFd(const WakeupFd&) = delete;
  WakeupFd& operator=(const WakeupFd&) = delete;

  int fd() const { return fd_; }
  void wake() const {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto written = ::write(fd_, &one, sizeof one);
  }
  void clear() const {
    std::uint64_t count = 0;
    [[maybe_unused]] auto read = ::read(fd_, &count, sizeof count);
  }

 private:
  const int fd_;
};

}  // namespace pacificsoft
