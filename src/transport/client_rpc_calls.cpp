#include "transport/client_rpc_calls.h"

#include <vector>

namespace pacificsoft::transport {

std::string LocalClientRpcCalls::add(ClientRpcReply reply) {
  std::lock_guard lock(mutex_);
  std::string key = std::to_string(next_key_++);
  pending_[key] = Pending{std::move(reply), clock_.now_ms() + timeout_.count()};
  return key;
}

bool LocalClientRpcCalls::complete(std::string_view key, Result<std::string> outcome) {
  ClientRpcReply reply;
  {
    std::lock_guard lock(mutex_);
    auto found = pending_.find(std::string(key));
    if (found == pending_.end()) return false;
    reply = std::move(found->second.reply);
    pending_.erase(found);
  }
  reply(std::move(outcome));
  return true;
}

void LocalClientRpcCalls::expire() {
  const std::int64_t now = clock_.now_ms();
  std::vector<ClientRpcReply> expired;
  {
    std::lock_guard lock(mutex_);
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (it->second.deadline_ms > now) {
        ++it;
        continue;
      }
      expired.push_back(std::move(it->second.reply));
      it = pending_.erase(it);
    }
  }
  for (auto& reply : expired) reply(Status(ErrorCode::kUnavailable, "timeout"));
}

}  // namespace pacificsoft::transport
