// The reference answers 500 to unparsable JSON; we deliberately answer 400.
#include "transport/http/http_device_api.h"

#include <boost/asio/executor_work_guard.hpp>
#include <charconv>
#include <optional>
#include <thread>

#include "common/answer_hand_off.h"
#include "common/log.h"
#include "common/thread_name.h"
#include "transport/device_payloads.h"
#include "transport/http/internal/long_poll.h"

namespace pacificsoft::transport {
namespace asio = boost::asio;
using detail::LongPoll;

namespace {

constexpr std::chrono::milliseconds kDefaultPollTimeout{60000};

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

Accepted reply_when_durable(const net::Reply& reply) {
  return [reply](const Status& status) { reply(answer_for(status)); };
}

std::chrono::milliseconds poll_timeout(const net::HttpRequest& request) {
  auto text = request.query_param("timeout");
  std::int64_t value = 0;
  if (!text ||
      std::from_chars(text->data(), text->data() + text->size(), value).ec != std::errc() ||
      value <= 0) {
    return kDefaultPollTimeout;
  }
  return std::chrono::milliseconds(value);
}

std::optional<std::string> query_string(const net::HttpRequest& request, std::string_view name) {
  auto value = request.query_param(name);
  if (!value) return std::nullopt;
  return std::string(*value);
}

// An RPC receiver that answers one long poll with the first request it is given.
class PollingRpcReceiver final : public RpcReceiver {
 public:
  explicit PollingRpcReceiver(std::weak_ptr<LongPoll> poll) : poll_(std::move(poll)) {}

  void deliver(const DeviceRpcRequest& request, RpcDelivered delivered) override {
    auto poll = poll_.lock();
    delivered(poll && poll->answer(net::HttpResponse::json(200, rpc_request_json(request, true))));
  }

 private:
  std::weak_ptr<LongPoll> poll_;
};

}  // namespace

struct HttpDeviceApi::Impl : DeviceServices {
  explicit Impl(const DeviceServices& services) : DeviceServices(services) {}

  asio::io_context io;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work{io.get_executor()};
  std::thread thread;

  // Authenticates the token of the path; on success runs `then` with the device.
  using DeviceHandler = std::function<void(const auth::DeviceIdentity&, const net::HttpRequest&,
                                           const net::PathParams&, const net::Reply&)>;
  // A request waiting for its device's authentication.
  struct Waiting {
    AnswerHandOff<Result<auth::DeviceIdentity>> answer;
    // A copy of the request, made only when the answer comes after the handler returned.
    std::optional<std::pair<net::HttpRequest, net::PathParams>> request;
  };

  net::Handler with_device(DeviceHandler then) {
    return [this, then = std::move(then)](const net::HttpRequest& request,
                                          const net::PathParams& params, const net::Reply& reply) {
      auto waiting = std::make_shared<Waiting>();
      authenticator.by_access_token(
          params.get("token"), [this, then, waiting, reply](Result<auth::DeviceIdentity> device) {
            if (waiting->answer.offer(device)) return;
            serve(device, then, waiting->request->first, waiting->request->second, reply);
          });
      auto device = waiting->answer.take([&] { waiting->request.emplace(request, params); });
      if (device) serve(*device, then, request, params, reply);
    };
  }

  void serve(const Result<auth::DeviceIdentity>& device, const DeviceHandler& then,
             const net::HttpRequest& request, const net::PathParams& params,
             const net::Reply& reply) {
    if (!device) {
      reply(answer_for(device.status()));
      return;
    }
    backend.report_activity(*device, ActivityEvent::kActivity);
    if (!limits.allow_message(device->device_id, device->tenant_id)) {
      reply(net::HttpResponse::empty(429));
      return;
    }
    then(*device, request, params, reply);
  }

  void post_telemetry(const auth::DeviceIdentity& device, const net::HttpRequest& request,
                      const net::Reply& reply) {
    auto points = model::parse_telemetry(request.body, clock.now_ms(), model::NullValues::kSkip);
    if (!points) {
      reply(answer_for(points.status()));
      return;
    }
    backend.post_telemetry(device, std::move(*points), reply_when_durable(reply));
  }

  void post_attributes(const auth::DeviceIdentity& device, const net::HttpRequest& request,
                       const net::Reply& reply) {
    auto values = model::parse_attributes(request.body, model::NullValues::kSkip);
    if (!values) {
      reply(answer_for(values.status()));
      return;
    }
    backend.post_attributes(device, std::move(*values), reply_when_durable(reply));
  }

  void read_attributes(const auth::DeviceIdentity& device, const net::HttpRequest& request,
                       const net::Reply& reply) {
    auto client = query_string(request, "clientKeys");
    auto shared = query_string(request, "sharedKeys");
    backend.read_attributes(
        device,
        attribute_request_from_keys(client ? &*client : nullptr, shared ? &*shared : nullptr),
        [reply](Result<DeviceAttributes> attributes) {
          reply(attributes ? net::HttpResponse::json(200, attribute_response_json(*attributes))
                           : answer_for(attributes.status()));
        });
  }

  void poll_attribute_updates(const auth::DeviceIdentity& device, const net::HttpRequest& request,
                              const net::Reply& reply) {
    auto subscription = std::make_shared<std::atomic<std::uint64_t>>(0);
    auto poll = std::make_shared<LongPoll>(io, reply, [this, subscription] {
      if (auto id = subscription->exchange(0)) backend.unsubscribe_shared_attributes(id);
    });
    auto id = backend.subscribe_shared_attributes(
        device, [weak = std::weak_ptr<LongPoll>(poll)](const SharedAttributeUpdate& update) {
          if (auto poll = weak.lock()) {
            poll->answer(net::HttpResponse::json(200, shared_update_json(update)));
          }
        });
    subscription->store(id);
    poll->start(poll_timeout(request));
  }

  void poll_rpc(const auth::DeviceIdentity& device, const net::HttpRequest& request,
                const net::Reply& reply) {
    auto receiver = std::make_shared<std::shared_ptr<PollingRpcReceiver>>();
    auto poll =
        std::make_shared<LongPoll>(io, reply, [this, device_id = device.device_id, receiver] {
          if (*receiver) rpc.detach(device_id, receiver->get());
        });
    *receiver = std::make_shared<PollingRpcReceiver>(poll);
    poll->start(poll_timeout(request));
    rpc.attach(device.device_id, *receiver);
  }

  void reply_to_rpc(const auth::DeviceIdentity& device, const net::HttpRequest& request,
                    const net::PathParams& params, const net::Reply& reply) {
    std::string_view text = params.get("requestId");
    std::int32_t id = 0;
    if (std::from_chars(text.data(), text.data() + text.size(), id).ec != std::errc()) {
      reply(net::HttpResponse::text(400, "request id must be a number"));
      return;
    }
    rpc.reply(device.device_id, id, request.body);
    reply(net::HttpResponse::empty(200));
  }

  void client_rpc(const auth::DeviceIdentity& device, const net::HttpRequest& request,
                  const net::Reply& reply) {
    auto call = parse_client_rpc(request.body);
    if (!call) {
      reply(answer_for(call.status()));
      return;
    }
    backend.post_client_rpc(device, std::move(*call), [reply](Result<std::string> answer) {
      reply(net::HttpResponse::json(200, client_rpc_reply_json(std::move(answer))));
    });
  }
};

HttpDeviceApi::HttpDeviceApi(const DeviceServices& services) : impl_(new Impl(services)) {
  impl_->thread = std::thread([io = &impl_->io] {
    name_this_thread("http-device");
    io->run();
  });
}

HttpDeviceApi::~HttpDeviceApi() {
  impl_->work.reset();
  impl_->io.stop();
  impl_->thread.join();
}

void HttpDeviceApi::register_routes(net::Router& router) {
  using net::Method;
  Impl& impl = *impl_;
  auto simple = [&impl](void (Impl::*member)(const auth::DeviceIdentity&, const net::HttpRequest&,
                                             const net::Reply&)) {
    return impl.with_device(
        [&impl, member](const auth::DeviceIdentity& device, const net::HttpRequest& request,
                        const net::PathParams&,
                        const net::Reply& reply) { (impl.*member)(device, request, reply); });
  };
  router.add(
      Method::kPost, "/api/v1/provision",
      [&impl](const net::HttpRequest& request, const net::PathParams&, const net::Reply& reply) {
        impl.directory.provision(request.body, [reply](std::string response) {
          reply(net::HttpResponse::json(200, std::move(response)));
        });
      });
  router.add(Method::kPost, "/api/v1/{token}/telemetry", simple(&Impl::post_telemetry));
  router.add(Method::kPost, "/api/v1/{token}/attributes", simple(&Impl::post_attributes));
  router.add(Method::kGet, "/api/v1/{token}/attributes", simple(&Impl::read_attributes));
  router.add(Method::kGet, "/api/v1/{token}/attributes/updates",
             simple(&Impl::poll_attribute_updates));
  router.add(Method::kGet, "/api/v1/{token}/rpc", simple(&Impl::poll_rpc));
  router.add(Method::kPost, "/api/v1/{token}/rpc", simple(&Impl::client_rpc));
  router.add(
      Method::kPost, "/api/v1/{token}/rpc/{requestId}",
      impl.with_device([&impl](const auth::DeviceIdentity& device, const net::HttpRequest& request,
                               const net::PathParams& params, const net::Reply& reply) {
        impl.reply_to_rpc(device, request, params, reply);
      }));
}

}  // namespace pacificsoft::transport
