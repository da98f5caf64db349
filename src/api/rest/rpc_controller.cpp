// Server-side RPC to devices: /api/plugins/rpc/{oneway|twoway}/{deviceId} (v1) and
// /api/rpc/{oneway|twoway}/{deviceId} (v2). The answer waits for the device: one-way calls for
// delivery, two-way calls for the reply.
#include "api/rest/controllers.h"

namespace pacificsoft::api {
namespace {

using net::Method;

Status bad_param(std::string message) { return {ErrorCode::kBadRequestParams, std::move(message)}; }

Result<model::RpcCall> parse_call(const RestServices& services, const RestRequest& request,
                                  bool oneway) {
  auto device_id = request.path_id("deviceId");
  if (!device_id) return device_id.status();
  auto body = request.json_body();
  if (!body) return body.status();
  auto method = json::get_string(*body, "method");
  const bj::value* params = body->if_contains("params");
  if (!method || method->empty()) return bad_param("Request body must contain 'method'");
  if (params == nullptr) return bad_param("Request body must contain 'params'");
  if (json::get_bool(*body, "persistent").value_or(false)) {
    return bad_param("Persistent RPC is not supported yet");
  }
  auto timeout = std::chrono::milliseconds(
      json::get_int(*body, "timeout").value_or(services.rpc_default_timeout.count()));
  // A call waits for its device as long as it asks, its queue message unfinished meanwhile.
  if (timeout > services.rpc_max_timeout) {
    return bad_param("RPC timeout must not be more than " +
                     std::to_string(services.rpc_max_timeout.count()) + " ms");
  }
  return model::RpcCall{*device_id, std::string(*method), json::serialize(*params), oneway,
                        std::max(timeout, services.rpc_min_timeout)};
}

// The reference's answers: v1 408 on time-out (409 when no session ever took the call), v2 504.
net::HttpResponse rpc_response(const model::RpcResult& result, bool v2) {
  switch (result.outcome) {
    case model::RpcOutcome::kDelivered:
      return net::HttpResponse::empty(200);
    case model::RpcOutcome::kReplied:
      if (result.reply.empty()) return net::HttpResponse::empty(200);
      if (!json::parse(result.reply)) return net::HttpResponse::text(406, result.reply);
      return net::HttpResponse::json(200, result.reply);
    case model::RpcOutcome::kTimedOut:
      if (v2) return net::HttpResponse::empty(504);
      return net::HttpResponse::empty(result.reached_session ? 408 : 409);
    case model::RpcOutcome::kShutdown:
      break;
  }
  return net::HttpResponse::empty(503);
}

AsyncRestHandler rpc_handler(RestServices& services, bool oneway, bool v2) {
  return [&services, oneway, v2](const RestRequest& request, const net::Reply& reply) {
    auto call = parse_call(services, request, oneway);
    Status visible =
        call ? services.entities
                   .get_record(request.user, storage::RecordKind::kDevice, call->device_id)
                   .status()
             : call.status();
    if (!visible) {
      reply(error_reply(services, visible));
      return;
    }
    services.rpc.call(std::move(*call), [reply, v2](const model::RpcResult& result) {
      reply(rpc_response(result, v2));
    });
  };
}

}  // namespace

void register_rpc_routes(net::Router& router, RestServices& services) {
  for (bool v2 : {false, true}) {
    const std::string base = v2 ? "/api/rpc/" : "/api/plugins/rpc/";
    for (bool oneway : {true, false}) {
      router.add(
          Method::kPost, base + (oneway ? "oneway" : "twoway") + "/{deviceId}",
          authenticated_async(services, rpc_handler(services, oneway, v2), Allowed::kTenantUsers));
    }
  }
}

}  // namespace pacificsoft::api
