// Device services for transport tests that answer every call later, from a thread of their own,
// as a core reached over the network will: each answer comes after the call returned. What the
// transports sent is recorded, so a test sees what reached the core and in which order.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "transport/device_services.h"

namespace pacificsoft::transport::test_support {

// Runs each task on its own thread, in order, a little after it was handed over.
class Later {
 public:
  Later() : thread_([this] { run(); }) {}
  ~Later() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  Later(const Later&) = delete;
  Later& operator=(const Later&) = delete;

  void after(std::function<void()> task) {
    {
      std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(task));
    }
    wake_.notify_one();
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    while (true) {
      wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;
      auto task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      task();
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;  // guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
  std::thread thread_;
};

// Token "device" is a device, "gateway" a gateway; anything else is refused.
class LateAuthenticator final : public auth::DeviceAuthenticator {
 public:
  explicit LateAuthenticator(Later& later) : later_(later) {}

  void by_access_token(std::string_view token, auth::IdentityDone done) override {
    later_.after([token = std::string(token), done = std::move(done)] { done(identity(token)); });
  }
  void by_mqtt_credentials(auth::MqttCredentials credentials, auth::IdentityDone done) override {
    by_access_token(credentials.user_name, std::move(done));
  }
  void by_certificate(std::string /*pem*/, auth::IdentityDone done) override {
    later_.after([done = std::move(done)] {
      done(Status{ErrorCode::kUnauthenticated, "no certificates here"});
    });
  }

  static Result<auth::DeviceIdentity> identity(const std::string& token) {
    if (token != "device" && token != "gateway")
      return Status{ErrorCode::kUnauthenticated, "unknown token"};
    auth::DeviceIdentity device;
    device.device_id = Uuid::random();
    device.name = token;
    device.gateway = token == "gateway";
    return device;
  }

 private:
  Later& later_;
};

// Children are made on request; provisioning answers {"status":"SUCCESS"} with the request in it.
class LateDirectory final : public DeviceDirectory {
 public:
  explicit LateDirectory(Later& later) : later_(later) {}

  void gateway_child(const auth::DeviceIdentity& /*gateway*/, std::string_view name,
                     std::string_view /*type*/, auth::IdentityDone done) override {
    later_.after([name = std::string(name), done = std::move(done)] {
      auth::DeviceIdentity child;
      child.device_id = Uuid::random();
      child.name = name;
      done(child);
    });
  }
  void provision(std::string_view request_json, Provisioned done) override {
    later_.after([request = std::string(request_json), done = std::move(done)] {
      done(R"({"status":"SUCCESS","request":)" + request + "}");
    });
  }

 private:
  Later& later_;
};

// Records each uplink as "device: what"; every device has the shared attribute "mode": "eco".
class LateBackend final : public DeviceBackend {
 public:
  explicit LateBackend(Later& later) : later_(later) {}

  void post_telemetry(const auth::DeviceIdentity& device, std::vector<model::TsKv> points,
                      Accepted accepted) override {
    record(device.name + ": " + std::to_string(points.size()) + " points");
    later_.after([accepted = std::move(accepted)] { accepted(Status::ok()); });
  }
  void post_attributes(const auth::DeviceIdentity& device, model::KeyValues values,
                       Accepted accepted) override {
    record(device.name + ": " + std::to_string(values.size()) + " attributes");
    later_.after([accepted = std::move(accepted)] { accepted(Status::ok()); });
  }
  void post_client_rpc(const auth::DeviceIdentity& device, ClientRpcRequest request,
                       ClientRpcReply reply) override {
    record(device.name + ": rpc " + request.method);
    later_.after([reply = std::move(reply)] { reply(std::string(R"({"answer":1})")); });
  }
  void read_attributes(const auth::DeviceIdentity& /*device*/, const AttributeRequest& /*request*/,
                       AttributesRead done) override {
    later_.after([done = std::move(done)] {
      DeviceAttributes attributes;
      attributes.shared.push_back({"mode", model::KvValue(std::string("eco")), 1});
      done(std::move(attributes));
    });
  }
  std::uint64_t subscribe_shared_attributes(const auth::DeviceIdentity& /*device*/,
                                            SharedAttributeListener /*listener*/) override {
    return 1;
  }
  void unsubscribe_shared_attributes(std::uint64_t /*subscription*/) override {}
  void report_activity(const auth::DeviceIdentity& /*device*/, ActivityEvent /*event*/) override {}

  std::vector<std::string> uplinks() {
    std::lock_guard lock(mutex_);
    return uplinks_;
  }

 private:
  void record(std::string uplink) {
    std::lock_guard lock(mutex_);
    uplinks_.push_back(std::move(uplink));
  }

  Later& later_;
  std::mutex mutex_;
  std::vector<std::string> uplinks_;  // guarded by mutex_
};

// The bundle, with the real rate limits and RPC router.
struct LateServices {
  Later later;
  LateAuthenticator authenticator{later};
  LateBackend backend{later};
  LateDirectory directory{later};
  SystemClock clock;
  LocalDeviceLimits limits{DeviceLimitOptions{}, clock};
  LocalDeviceRpcRouter rpc;
  LocalDeviceSessions sessions;
  DeviceServices services{authenticator, backend, directory, limits, rpc, sessions, clock};
};

}  // namespace pacificsoft::transport::test_support
