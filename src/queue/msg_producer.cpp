// The message producer: messages to the partition of their originator.
#include "queue/msg_producer.h"

namespace pacificsoft::queue {

void MsgProducer::to_rule_engine(const model::Msg& msg, AppendDone done) {
  rule_engine_.append(partition(msg.originator.id), model::encode_msg(msg), std::move(done));
}

std::uint64_t MsgProducer::rule_engine_backlog(const Uuid& originator) const {
  return rule_engine_.backlog(partition(originator));
}

std::uint32_t MsgProducer::partition(const Uuid& originator) const {
  return partition_of(originator, rule_engine_.partitions());
}

}  // namespace pacificsoft::queue
