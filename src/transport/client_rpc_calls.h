// Device-to-server (client-side) RPCs waiting for the rule chain's answer: a device's request
// goes to the queue with a key, an "rpc call reply" node answers by that key, and a call that
// no chain answers in time gets {"error": "timeout"}, as in the reference. In a cluster the
// answer may come from another node's rule engine, to the node holding the call.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"
#include "transport/device_backend.h"

namespace pacificsoft::transport {

// Thread-safe.
class ClientRpcCalls {
 public:
  virtual ~ClientRpcCalls() = default;
  // Keeps `reply` until answered or timed out; returns the key the answer must name.
  virtual std::string add(ClientRpcReply reply) = 0;
  // Ends the call of `key` with the chain's answer or an error; false when there is none
  // (answered, timed out, unknown).
  virtual bool complete(std::string_view key, Result<std::string> outcome) = 0;
};

// The calls of this process's device sessions. Thread-safe.
class LocalClientRpcCalls final : public ClientRpcCalls {
 public:
  LocalClientRpcCalls(const Clock& clock, std::chrono::milliseconds timeout)
      : clock_(clock), timeout_(timeout) {}

  std::string add(ClientRpcReply reply) override;
  bool complete(std::string_view key, Result<std::string> outcome) override;
  // Ends the calls past their time-out with the "timeout" error. Called periodically.
  void expire();

 private:
  struct Pending {
    ClientRpcReply reply;
    std::int64_t deadline_ms = 0;
  };
  const Clock& clock_;
  const std::chrono::milliseconds timeout_;
  std::mutex mutex_;
  std::unordered_map<std::string, Pending> pending_;  // guarded by mutex_
  std::uint64_t next_key_ = 1;                        // guarded by mutex_
};

}  // namespace pacificsoft::transport
