// Joins the outcomes of several asynchronous parts into one report: `done` runs once, when the
// last holder lets go (the starter and every part callback), with the first failure or ok.
#pragma once

#include <functional>
#include <memory>
#include <mutex>

#include "common/status.h"

namespace pacificsoft {

class StatusJoin : public std::enable_shared_from_this<StatusJoin> {
 public:
  static std::shared_ptr<StatusJoin> make(std::function<void(Status)> done) {
    return std::shared_ptr<StatusJoin>(new StatusJoin(std::move(done)));
  }
  ~StatusJoin() { done_(outcome_); }
  StatusJoin(const StatusJoin&) = delete;
  StatusJoin& operator=(const StatusJoin&) = delete;

  void report(const Status& status) {
    std::lock_guard lock(mutex_);
    if (!status && outcome_) outcome_ = status;
  }
  // The callback one part reports through; the join waits for it to be called and dropped.
  std::function<void(const Status&)> part() {
    return [self = shared_from_this()](const Status& status) { self->report(status); };
  }

 private:
  explicit StatusJoin(std::function<void(Status)> done) : done_(std::move(done)) {}

  std::function<void(Status)> done_;
  std::mutex mutex_;
  Status outcome_;  // guarded by mutex_
};

}  // namespace pacificsoft
