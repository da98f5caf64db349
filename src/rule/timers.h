// Timers for rule nodes that wait without holding a thread: the delay node's held messages, the
// generator's and message count's periods, the engine's chain refresh. A node schedules a
// callback and returns; the callback runs later on the timers' thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "common/status.h"

namespace pacificsoft::rule {

// ok when the timer is due; Unavailable when the timers stopped first (shutdown): a node holding
// a message then asks for it to be retried, so it replays after the restart.
using TimerFired = std::function<void(Status)>;

class Timers {
 public:
  using Id = std::uint64_t;
  virtual ~Timers() = default;
  // Runs `fired` once, after `delay`, on the timers' thread: keep it short. Once the timers
  // stopped, `fired` runs at once (on the caller's thread) with Unavailable, and the id is 0.
  virtual Id schedule(std::chrono::milliseconds delay, TimerFired fired) = 0;
  // A timer that has not fired never will (its callback is dropped unrun). When its callback is
  // running on another thread, waits for it to return, so after cancel() it cannot touch what it
  // captured. Id 0 (no timer) is ignored.
  virtual void cancel(Id id) = 0;
};

// One thread and a deadline-ordered queue. Thread-safe.
class ThreadTimers final : public Timers {
 public:
  ThreadTimers();
  ~ThreadTimers() override;  // stop()
  ThreadTimers(const ThreadTimers&) = delete;
  ThreadTimers& operator=(const ThreadTimers&) = delete;

  Id schedule(std::chrono::milliseconds delay, TimerFired fired) override;
  void cancel(Id id) override;
  // Answers every pending timer with Unavailable (on the caller's thread) and every later
  // schedule() at once; joins the thread. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pacificsoft::rule
