// Time seam: code that needs "now" takes a Clock so tests can move time by hand.
#pragma once

#include <cstdint>

namespace pacificsoft {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch (the reference platform's timestamps).
  virtual std::int64_t now_ms() const = 0;
};

// Wall-clock time. Thread-safe.
class SystemClock final : public Clock {
 public:
  std::int64_t now_ms() const override;
};

// A clock that only moves when told; for tests. Not thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t start_ms) : now_ms_(start_ms) {}
  std::int64_t now_ms() const override { return now_ms_; }
  void advance_ms(std::int64_t delta) { now_ms_ += delta; }

 private:
  std::int64_t now_ms_;
};

}  // namespace pacificsoft
