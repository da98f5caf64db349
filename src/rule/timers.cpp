#include "rule/timers.h"

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "common/thread_name.h"

namespace pacificsoft::rule {
namespace {

Status stopped_status() { return {ErrorCode::kUnavailable, "the rule engine is stopping"}; }

}  // namespace

struct ThreadTimers::Impl {
  using Clock = std::chrono::steady_clock;
  using Key = std::pair<Clock::time_point, Id>;  // ids break ties in scheduling order

  std::mutex mutex;
  std::condition_variable wake;
  std::condition_variable callback_done;
  std::map<Key, TimerFired> pending;    // guarded by mutex
  std::map<Id, Clock::time_point> due;  // id → its key's deadline; guarded by mutex
  Id next_id = 1;                       // guarded by mutex
  Id running = 0;                       // the id whose callback runs now; guarded by mutex
  bool stopping = false;                // guarded by mutex
  std::thread thread;

  void loop() {
    std::unique_lock lock(mutex);
    while (!stopping) {
      if (pending.empty()) {
        wake.wait(lock);
        continue;
      }
      auto first = pending.begin();
      if (first->first.first > Clock::now()) {
        wake.wait_until(lock, first->first.first);
        continue;
      }
      const Id id = first->first.second;
      TimerFired fired = std::move(first->second);
      pending.erase(first);
      due.erase(id);
      running = id;
      lock.unlock();
      fired(Status::ok());
      lock.lock();
      running = 0;
      callback_done.notify_all();
    }
  }
};

ThreadTimers::ThreadTimers() : impl_(std::make_unique<Impl>()) {
  impl_->thread = std::thread([impl = impl_.get()] {
    name_this_thread("rule-timers");
    impl->loop();
  });
}

ThreadTimers::~ThreadTimers() { stop(); }

Timers::Id ThreadTimers::schedule(std::chrono::milliseconds delay, TimerFired fired) {
  std::unique_lock lock(impl_->mutex);
  if (impl_->stopping) {
    lock.unlock();
    fired(stopped_status());
    return 0;
  }
  const Id id = impl_->next_id++;
  // The clock counts nanoseconds: a delay past its range would wrap into the past (or the near
  // future) and fire at once. The longest wait ends at the end of its range, centuries away.
  const auto now = Impl::Clock::now();
  const auto longest =
      std::chrono::duration_cast<std::chrono::milliseconds>(Impl::Clock::time_point::max() - now);
  const auto deadline = now + std::clamp(delay, std::chrono::milliseconds(0), longest);
  const bool earliest = impl_->pending.empty() || deadline < impl_->pending.begin()->first.first;
  impl_->pending.emplace(Impl::Key{deadline, id}, std::move(fired));
  impl_->due.emplace(id, deadline);
  if (earliest) impl_->wake.notify_all();
  return id;
}

void ThreadTimers::cancel(Id id) {
  if (id == 0) return;  // never scheduled (or refused while stopping)
  TimerFired dropped;   // destroyed outside the lock: it may own what calls back into us
  std::unique_lock lock(impl_->mutex);
  auto found = impl_->due.find(id);
  if (found != impl_->due.end()) {
    auto node = impl_->pending.extract(Impl::Key{found->second, id});
    dropped = std::move(node.mapped());
    impl_->due.erase(found);
    return;
  }
  if (std::this_thread::get_id() == impl_->thread.get_id()) return;  // cancelled by itself
  impl_->callback_done.wait(lock, [&] { return impl_->running != id; });
}

void ThreadTimers::stop() {
  std::vector<TimerFired> unfired;
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stopping) return;
    impl_->stopping = true;
    for (auto& [key, fired] : impl_->pending) unfired.push_back(std::move(fired));
    impl_->pending.clear();
    impl_->due.clear();
  }
  impl_->wake.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
  for (auto& fired : unfired) fired(stopped_status());
}

}  // namespace pacificsoft::rule
