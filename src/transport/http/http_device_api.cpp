// POST /api/v1/{token}/telemetry and /attributes: 200 only once the sink reports the message
// durable, 401 for an unknown token, 400 for a payload that is not one of the reference's forms
// (the reference answers 500 to unparsable JSON; we deliberately do better).
#include "transport/http/http_device_api.h"

#include "common/log.h"

namespace pacificsoft::transport {
namespace {

net::HttpResponse answer_for(const Status& status) {
  switch (status.code()) {
    case ErrorCode::kOk:
      return net::HttpResponse::empty(200);
    case ErrorCode::kUnauthenticated:
      return net::HttpResponse::empty(401);
    case ErrorCode::kInvalidArgument:
      return net::HttpResponse::text(400, status.message());
    case ErrorCode::kTooManyRequests:
      return net::HttpResponse::empty(429);
    case ErrorCode::kUnavailable:
      return net::HttpResponse::empty(503);
    default:
      return net::HttpResponse::empty(500);
  }
}

// Authenticates the token of the path and, when it is valid, hands the body to `post`.
using Post = std::function<void(const auth::DeviceIdentity&, const std::string& body,
                                const net::Reply& reply)>;

net::Handler device_handler(const auth::DeviceAuth& auth, Post post) {
  return [&auth, post = std::move(post)](const net::HttpRequest& request,
                                         const net::PathParams& params, const net::Reply& reply) {
    auto device = auth.by_access_token(params.get("token"));
    if (!device) {
      reply(answer_for(device.status()));
      return;
    }
    post(*device, request.body, reply);
  };
}

}  // namespace

void register_http_device_api(net::Router& router, const auth::DeviceAuth& auth,
                              DeviceMessageSink& sink, const Clock& clock) {
  router.add(
      net::Method::kPost, "/api/v1/{token}/telemetry",
      device_handler(auth, [&sink, &clock](const auth::DeviceIdentity& device,
                                           const std::string& body, const net::Reply& reply) {
        auto points = model::parse_telemetry(body, clock.now_ms(), model::NullValues::kSkip);
        if (!points) {
          spdlog::debug("device {}: bad telemetry: {}", device.name, points.status().message());
          reply(answer_for(points.status()));
          return;
        }
        sink.post_telemetry(device, std::move(*points),
                            [reply](const Status& status) { reply(answer_for(status)); });
      }));
  router.add(net::Method::kPost, "/api/v1/{token}/attributes",
             device_handler(auth, [&sink](const auth::DeviceIdentity& device,
                                          const std::string& body, const net::Reply& reply) {
               auto values = model::parse_attributes(body, model::NullValues::kSkip);
               if (!values) {
                 reply(answer_for(values.status()));
                 return;
               }
               sink.post_attributes(device, std::move(*values),
                                    [reply](const Status& status) { reply(answer_for(status)); });
             }));
}

}  // namespace pacificsoft::transport
