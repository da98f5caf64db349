// A callback's answer that may come before the call it was given to returns, or later from
// another thread. One that comes in time is handed to the caller, which goes on in place with
// what it still holds (no copy of a request, no post to an event loop); a later one goes on in
// the callback, with what the caller kept for it on returning.
#pragma once

#include <mutex>
#include <optional>

namespace pacificsoft {

// Thread-safe; shared by the caller and its callback.
template <typename Answer>
class AnswerHandOff {
 public:
  // In the callback: takes `answer` for the caller if it has not returned yet (true); false: the
  // caller has returned, so the callback goes on with the answer itself.
  bool offer(Answer& answer) {
    std::lock_guard lock(mutex_);
    if (returned_) return false;
    answer_ = std::move(answer);
    return true;
  }

  // In the caller, once the call returned: the answer offered meanwhile. If none was,
  // keep_for_later() runs (under the lock, so the later offer sees what it kept) and the answer
  // is nullopt.
  template <typename KeepForLater>
  std::optional<Answer> take(KeepForLater keep_for_later) {
    std::lock_guard lock(mutex_);
    returned_ = true;
    if (!answer_) keep_for_later();
    return std::move(answer_);
  }

 private:
  std::mutex mutex_;
  bool returned_ = false;         // guarded by mutex_
  std::optional<Answer> answer_;  // guarded by mutex_
};

}  // namespace pacificsoft
