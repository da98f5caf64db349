// One io_context thread owns every pending call; the public methods post to it.
#include "transport/device_rpc.h"

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/thread_name.h"

namespace pacificsoft::transport {
namespace asio = boost::asio;

namespace {

struct Call {
  Call(asio::io_context& io, DeviceRpcRequest call_request, RpcDone on_done)
      : request(std::move(call_request)), done(std::move(on_done)), timer(io) {}

  DeviceRpcRequest request;
  RpcDone done;
  asio::steady_timer timer;
  bool reached_session = false;
  bool finished = false;

  void finish(RpcOutcome outcome, std::string reply = {}) {
    if (finished) return;
    finished = true;
    timer.cancel();
    done(RpcResult{outcome, std::move(reply), reached_session});
  }
};

struct DeviceCalls {
  std::vector<std::weak_ptr<RpcReceiver>> receivers;  // newest last
  std::deque<std::shared_ptr<Call>> waiting;          // not yet handed to a session
  std::unordered_map<std::int32_t, std::shared_ptr<Call>> sent;

  bool idle() const { return receivers.empty() && waiting.empty() && sent.empty(); }
};

}  // namespace

struct LocalDeviceRpcRouter::Impl {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::unordered_map<Uuid, DeviceCalls> devices;
  std::atomic<std::int32_t> next_id{1};
  std::thread thread;

  std::int32_t allocate_id() {
    std::int32_t id = next_id.fetch_add(1);
    if (id <= 0) {  // wrapped: the reference's ids are positive ints
      next_id.store(2);
      id = 1;
    }
    return id;
  }

  std::shared_ptr<RpcReceiver> newest_receiver(DeviceCalls& calls) {
    while (!calls.receivers.empty()) {
      if (auto receiver = calls.receivers.back().lock()) return receiver;
      calls.receivers.pop_back();
    }
    return nullptr;
  }

  static void remove_receiver(DeviceCalls& calls, const RpcReceiver* receiver) {
    std::erase_if(calls.receivers, [receiver](const std::weak_ptr<RpcReceiver>& weak) {
      auto live = weak.lock();
      return !live || live.get() == receiver;
    });
  }

  void forget_if_idle(const Uuid& device) {
    auto found = devices.find(device);
    if (found != devices.end() && found->second.idle()) devices.erase(found);
  }

  // Hands waiting calls to the newest live receiver, oldest call first.
  void dispatch(const Uuid& device) {
    auto found = devices.find(device);
    if (found == devices.end()) return;
    DeviceCalls& calls = found->second;
    while (!calls.waiting.empty()) {
      auto receiver = newest_receiver(calls);
      if (!receiver) break;
      auto call = std::move(calls.waiting.front());
      calls.waiting.pop_front();
      if (call->finished) continue;
      call->reached_session = true;
      calls.sent[call->request.id] = call;
      const RpcReceiver* target = receiver.get();
      receiver->deliver(call->request, [this, device, call, target](bool delivered) {
        asio::post(io, [this, device, call, target, delivered] {
          on_delivered(device, call, target, delivered);
        });
      });
    }
    forget_if_idle(device);
  }

  void on_delivered(const Uuid& device, const std::shared_ptr<Call>& call,
                    const RpcReceiver* target, bool delivered) {
    if (call->finished) return;
    DeviceCalls& calls = devices[device];
    if (!delivered) {  // that session is going away: it gets nothing more, the next one this
      remove_receiver(calls, target);
      calls.sent.erase(call->request.id);
      calls.waiting.push_front(call);
      dispatch(device);
      return;
    }
    if (call->request.oneway) {
      calls.sent.erase(call->request.id);
      call->finish(RpcOutcome::kDelivered);
      forget_if_idle(device);
    }
  }

  void expire(const Uuid& device, const std::shared_ptr<Call>& call) {
    if (call->finished) return;
    auto found = devices.find(device);
    if (found != devices.end()) {
      auto& waiting = found->second.waiting;
      std::erase(waiting, call);
      found->second.sent.erase(call->request.id);
    }
    call->finish(RpcOutcome::kTimedOut);
    forget_if_idle(device);
  }

  void shutdown() {
    for (auto& [device, calls] : devices) {
      for (auto& call : calls.waiting) call->finish(RpcOutcome::kShutdown);
      for (auto& [id, call] : calls.sent) call->finish(RpcOutcome::kShutdown);
    }
    devices.clear();
  }
};

LocalDeviceRpcRouter::LocalDeviceRpcRouter() : impl_(std::make_unique<Impl>()) {
  impl_->thread = std::thread([impl = impl_.get()] {
    name_this_thread("device-rpc");
    impl->io.run();
  });
}

LocalDeviceRpcRouter::~LocalDeviceRpcRouter() {
  asio::post(impl_->io, [impl = impl_.get()] {
    impl->shutdown();
    impl->work.reset();
  });
  impl_->thread.join();
}

void LocalDeviceRpcRouter::send(model::RpcCall call, RpcDone done) {
  DeviceRpcRequest request{impl_->allocate_id(), std::move(call.method),
                           std::move(call.params_json), call.oneway};
  asio::post(impl_->io, [impl = impl_.get(), device = call.device_id, timeout = call.timeout,
                         request = std::move(request), done = std::move(done)]() mutable {
    auto call = std::make_shared<Call>(impl->io, std::move(request), std::move(done));
    call->timer.expires_after(timeout);
    call->timer.async_wait([impl, device, call](const boost::system::error_code& error) {
      if (!error) impl->expire(device, call);
    });
    impl->devices[device].waiting.push_back(std::move(call));
    impl->dispatch(device);
  });
}

void LocalDeviceRpcRouter::attach(const Uuid& device, std::weak_ptr<RpcReceiver> receiver) {
  asio::post(impl_->io, [impl = impl_.get(), device, receiver = std::move(receiver)]() mutable {
    impl->devices[device].receivers.push_back(std::move(receiver));
    impl->dispatch(device);
  });
}

void LocalDeviceRpcRouter::detach(const Uuid& device, const RpcReceiver* receiver) {
  asio::post(impl_->io, [impl = impl_.get(), device, receiver] {
    auto found = impl->devices.find(device);
    if (found == impl->devices.end()) return;
    Impl::remove_receiver(found->second, receiver);
    impl->forget_if_idle(device);
  });
}

void LocalDeviceRpcRouter::reply(const Uuid& device, std::int32_t id, std::string payload) {
  asio::post(impl_->io, [impl = impl_.get(), device, id, payload = std::move(payload)]() mutable {
    auto found = impl->devices.find(device);
    if (found == impl->devices.end()) return;
    auto call = found->second.sent.find(id);
    if (call == found->second.sent.end() || call->second->request.oneway) return;
    auto finished = std::move(call->second);
    found->second.sent.erase(call);
    finished->finish(RpcOutcome::kReplied, std::move(payload));
    impl->forget_if_idle(device);
  });
}

}  // namespace pacificsoft::transport
