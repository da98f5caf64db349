// What runs one queued message (the rule engine: its tenant's root chain), and where.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "common/status.h"
#include "model/msg.h"

namespace pacificsoft::rule {

// Reports the message finished (ok) or failed for a reason worth retrying (storage down);
// from any thread. A message that can never succeed (bad data) is reported ok and logged:
// retrying would stall its partition forever.
using Processed = std::function<void(Status)>;

// Where one partition's messages run: the consumer's thread of that partition. When a node
// answers from another thread (a store's commit, a timer, a script, an RPC reply), the chain goes
// on here, so chains never run on a storage writer's thread, and what a partition's messages
// share is touched by one thread.
class MsgExecutor {
 public:
  virtual ~MsgExecutor() = default;
  // Whether the caller runs on the executor's thread.
  virtual bool here() const = 0;
  // Queues task for the executor's thread, from any thread. Once the partition is revoked it
  // may never run (its messages are run again by the next owner).
  virtual void post(std::function<void()> task) = 0;
};

// Runs each task on the thread that posts it: for callers without a partition (tests).
class InlineExecutor final : public MsgExecutor {
 public:
  bool here() const override { return true; }
  void post(std::function<void()> task) override { task(); }
};

class MsgProcessor {
 public:
  virtual ~MsgProcessor() = default;
  virtual void process(const model::Msg& msg, std::shared_ptr<MsgExecutor> executor,
                       Processed processed) = 0;
  // The partition (of `partitions`) is this process's from now on: its messages run here.
  virtual void on_partition_assigned(std::uint32_t /*partition*/, std::uint32_t /*partitions*/) {}
  // The partition went to another owner and its messages stopped here: what is kept per
  // originator of it is dropped, for the next owner reads it afresh.
  virtual void on_partition_revoked(std::uint32_t /*partition*/, std::uint32_t /*partitions*/) {}
};

}  // namespace pacificsoft::rule
