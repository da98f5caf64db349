#include "app/rest_rpc_through_rules.h"

#include "common/json.h"
#include "common/log.h"
#include "model/msg.h"

namespace pacificsoft::app {
namespace {

namespace bj = boost::json;

constexpr std::int64_t kExpiryGraceMs = 2000;
constexpr std::string_view kRpcToDevice = "RPC_CALL_FROM_SERVER_TO_DEVICE";

model::RpcResult timed_out() { return {model::RpcOutcome::kTimedOut, {}, false}; }

}  // namespace

void WaitingRestRpcs::add(const Uuid& id, std::chrono::milliseconds timeout, RpcAnswer answer) {
  std::lock_guard lock(mutex_);
  waiting_[id] = Waiting{clock_.now_ms() + timeout.count() + kExpiryGraceMs, std::move(answer)};
}

void WaitingRestRpcs::complete(const Uuid& id, const model::RpcResult& result) {
  RpcAnswer answer;
  {
    std::lock_guard lock(mutex_);
    auto found = waiting_.find(id);
    if (found == waiting_.end()) return;
    answer = std::move(found->second.answer);
    waiting_.erase(found);
  }
  answer(result);
}

void WaitingRestRpcs::expire() {
  std::vector<RpcAnswer> expired;
  {
    const std::int64_t now = clock_.now_ms();
    std::lock_guard lock(mutex_);
    std::erase_if(waiting_, [&](auto& entry) {
      if (entry.second.deadline_ms > now) return false;
      expired.push_back(std::move(entry.second.answer));
      return true;
    });
  }
  for (auto& answer : expired) answer(timed_out());
}

// The message the reference's core service makes of a REST call (metadata and data alike).
void RestRpcThroughRules::call(model::RpcCall call, RpcAnswer done) {
  auto device = store_.get(storage::RecordKind::kDevice, call.device_id);
  if (!device || !device->has_value()) {  // removed since the controller looked
    done(timed_out());
    return;
  }
  auto params = json::parse(call.params_json);
  model::Msg msg;
  msg.id = Uuid::random();
  msg.type = kRpcToDevice;
  msg.originator = {model::EntityType::kDevice, call.device_id};
  msg.tenant_id = (*device)->tenant_id;
  msg.customer_id = (*device)->customer_id;
  msg.ts = clock_.now_ms();
  msg.metadata = {{"requestUUID", msg.id.to_string()},
                  {"originServiceId", service_id_},
                  {"expirationTime", std::to_string(msg.ts + call.timeout.count())},
                  {"oneway", call.oneway ? "true" : "false"},
                  {"persistent", "false"},
                  {"deviceName", (*device)->name},
                  {"deviceType", (*device)->type}};
  msg.data = json::serialize(
      bj::object{{"method", call.method}, {"params", params ? *params : bj::value(nullptr)}});
  const Uuid id = msg.id;
  waiting_.add(id, call.timeout, std::move(done));
  producer_.to_rule_engine(msg, [this, id](const Status& appended) {
    if (appended) return;
    spdlog::warn("REST RPC {} not queued: {}", id.to_string(), appended.to_string());
    waiting_.complete(id, model::RpcResult{model::RpcOutcome::kShutdown, {}, false});
  });
}

void RouterRpcForRules::call(model::RpcCall call, RpcAnswer done) {
  const Uuid request_id = call.request_id;
  router_.send(std::move(call),
               [this, request_id, done = std::move(done)](const model::RpcResult& result) {
                 if (request_id != Uuid()) waiting_.complete(request_id, result);
                 done(result);
               });
}

}  // namespace pacificsoft::app
