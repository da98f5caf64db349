// The one way messages enter the queues: transports' device messages, REST calls that go
// through the rule engine (server-side RPC, entity events), and messages rule nodes make. A
// message goes to the partition of its originator, so one device's messages stay in order, and
// is encoded once here.
#pragma once

#include <cstdint>

#include "model/msg.h"
#include "queue/message_queue.h"

namespace pacificsoft::queue {

// Thread-safe; the queue outlives it.
class MsgProducer {
 public:
  explicit MsgProducer(MessageQueue& rule_engine) : rule_engine_(rule_engine) {}

  // Appends msg for the rule engine. `done` (on the queue's thread: keep it short) reports it
  // durable, the moment a device may be acknowledged, or why it was not taken.
  void to_rule_engine(const model::Msg& msg, AppendDone done);
  // Messages of the rule engine's partition of this originator that are not yet processed:
  // what a transport refuses new messages over, rather than acknowledge what cannot keep up.
  std::uint64_t rule_engine_backlog(const Uuid& originator) const;

 private:
  std::uint32_t partition(const Uuid& originator) const;

  MessageQueue& rule_engine_;
};

}  // namespace pacificsoft::queue
