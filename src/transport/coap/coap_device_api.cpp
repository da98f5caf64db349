// Codes as the reference: 2.01 for posts once durable, 2.05 for reads, 4.00 bad payload, 4.01
// unknown token, 4.04 unknown resource, 4.05 wrong method. Posts are usually answered separately
// (empty ACK first) because the durable write completes on another thread.
#include "transport/coap/internal/coap_device_api.h"

#include "common/answer_hand_off.h"
#include "common/log.h"
#include "transport/device_payloads.h"

namespace pacificsoft::transport::coap::detail {

namespace {

constexpr coap_pdu_code_t kGet = COAP_REQUEST_CODE_GET;
constexpr coap_pdu_code_t kPost = COAP_REQUEST_CODE_POST;

bool allowed(Feature feature, coap_pdu_code_t method) {
  switch (feature) {
    case Feature::kAttributes:
    case Feature::kRpc:
      return method == kGet || method == kPost;
    default:
      return method == kPost;
  }
}

// The Observe option of a request: 0 registers, 1 cancels; nullopt when absent.
std::optional<std::uint32_t> observe_of(const coap_pdu_t* request) {
  coap_opt_iterator_t iterator;
  coap_opt_t* option = coap_check_option(request, COAP_OPTION_OBSERVE, &iterator);
  if (!option) return std::nullopt;
  return coap_decode_var_bytes(coap_opt_value(option), coap_opt_length(option));
}

void add_observe(coap_pdu_t* response, std::uint32_t sequence) {
  std::uint8_t value[4];
  coap_add_option(response, COAP_OPTION_OBSERVE,
                  coap_encode_var_safe(value, sizeof value, sequence), value);
}

std::string text_of(const coap_string_t* text) {
  return text ? std::string(reinterpret_cast<const char*>(text->s), text->length) : std::string();
}

Answer json_answer(coap_pdu_code_t code, std::string payload) {
  return {code, std::move(payload), true};
}

}  // namespace

class CoapDeviceApi::KeptRequest {
 public:
  explicit KeptRequest(const DeviceRequest& request)
      : request_(request), body_(request.body), query_(request.query) {
    request_.body = body_;
    request_.query = query_;
  }
  KeptRequest(const KeptRequest&) = delete;
  KeptRequest& operator=(const KeptRequest&) = delete;
  const DeviceRequest& request() const { return request_; }

 private:
  DeviceRequest request_;
  const std::string body_;
  const std::string query_;
};

// Shared by start() and the authenticator's callback.
struct CoapDeviceApi::AwaitingDevice {
  AnswerHandOff<Result<auth::DeviceIdentity>> answer;
  std::optional<KeptRequest> kept;  // made when the answer comes after start() returned
};

namespace {

// Shared by handle() and the request's Reply.
struct Answering {
  AnswerHandOff<Finish> finish;
  std::uint64_t later_id = 0;  // the separate response's, once handle() returned without one
};

}  // namespace

CoapDeviceApi::CoapDeviceApi(const DeviceServices& services, std::weak_ptr<Mailbox> mailbox,
                             std::size_t max_payload_size)
    : authenticator_(services.authenticator),
      backend_(services.backend),
      directory_(services.directory),
      limits_(services.limits),
      rpc_(services.rpc),
      clock_(services.clock),
      mailbox_(mailbox),
      max_payload_size_(max_payload_size),
      observations_(services.backend, services.rpc, std::move(mailbox)) {}

void CoapDeviceApi::handle(const Exchange& exchange) {
  if (pending_.resume(exchange) != PendingReplies::State::kNew) return;
  coap_string_t* uri_path = coap_get_uri_path(exchange.request);
  auto path = parse_device_path(text_of(uri_path));
  coap_delete_string(uri_path);
  if (!path) {
    write_answer(exchange, {COAP_RESPONSE_CODE_NOT_FOUND, {}, false});
    return;
  }
  if (!allowed(path->feature, coap_pdu_get_code(exchange.request))) {
    write_answer(exchange, {COAP_RESPONSE_CODE_NOT_ALLOWED, {}, false});
    return;
  }
  std::size_t length = 0;
  std::size_t offset = 0;
  std::size_t total = 0;
  const std::uint8_t* data = nullptr;
  std::string_view body;
  if (coap_get_data_large(exchange.request, &length, &data, &offset, &total) != 0) {
    body = {reinterpret_cast<const char*>(data), length};
  }
  if (body.size() > max_payload_size_) {
    write_answer(exchange, {COAP_RESPONSE_CODE_REQUEST_TOO_LARGE, {}, false});
    return;
  }
  std::string_view query;
  if (exchange.query)
    query = {reinterpret_cast<const char*>(exchange.query->s), exchange.query->length};
  auto answering = std::make_shared<Answering>();
  start({std::move(*path), coap_pdu_get_code(exchange.request) == kGet,
         observe_of(exchange.request), body, query},
        [this, answering, mailbox = mailbox_](Finish finish) {
          if (answering->finish.offer(finish)) return;
          if (auto box = mailbox.lock()) {
            box->post([this, answering, finish = std::move(finish)]() mutable {
              pending_.complete(answering->later_id, std::move(finish));
            });
          }
        });
  auto finish = answering->finish.take([&] { answering->later_id = pending_.defer(exchange); });
  if (finish) {
    (*finish)(exchange);
  } else if (answering->later_id == 0) {  // libcoap refused to wait: the answer is dropped
    write_answer(exchange, {COAP_RESPONSE_CODE_SERVICE_UNAVAILABLE, {}, false});
  }
}

void CoapDeviceApi::start(const DeviceRequest& request, const Reply& reply) {
  if (request.path.feature == Feature::kProvision) {
    directory_.provision(request.body, [reply](std::string response) {
      reply(writing(json_answer(COAP_RESPONSE_CODE_CONTENT, std::move(response))));
    });
    return;
  }
  auto awaiting = std::make_shared<AwaitingDevice>();
  authenticator_.by_access_token(request.path.token, [this, awaiting, reply, mailbox = mailbox_](
                                                         Result<auth::DeviceIdentity> device) {
    if (awaiting->answer.offer(device)) return;
    if (auto box = mailbox.lock()) {
      box->post([this, awaiting, reply, device = std::move(device)] {
        serve(awaiting->kept->request(), device, reply);
      });
    }
  });
  auto device = awaiting->answer.take([&] { awaiting->kept.emplace(request); });
  if (device) serve(request, *device, reply);
}

void CoapDeviceApi::serve(const DeviceRequest& request, const Result<auth::DeviceIdentity>& device,
                          const Reply& reply) {
  if (!device) {
    reply(writing(answer_for(device.status())));
    return;
  }
  backend_.report_activity(*device, ActivityEvent::kActivity);
  if (!limits_.allow_message(device->device_id, device->tenant_id)) {
    reply(writing({COAP_RESPONSE_CODE_TOO_MANY_REQUESTS, {}, false}));
    return;
  }
  switch (request.path.feature) {
    case Feature::kTelemetry:
      post_telemetry(request, *device, reply);
      return;
    case Feature::kAttributes:
      if (request.get) {
        get_attributes(request, *device, reply);
      } else {
        post_attributes(request, *device, reply);
      }
      return;
    case Feature::kRpc:
      if (request.get) {
        observe_rpc(request, *device, reply);
      } else {
        client_rpc(request, *device, reply);
      }
      return;
    case Feature::kRpcReply:
      rpc_.reply(device->device_id, request.path.request_id, std::string(request.body));
      reply(writing({COAP_RESPONSE_CODE_CREATED, {}, false}));
      return;
    case Feature::kProvision:
      return;
  }
}

void CoapDeviceApi::post_telemetry(const DeviceRequest& request, const auth::DeviceIdentity& device,
                                   const Reply& reply) {
  auto points = model::parse_telemetry(request.body, clock_.now_ms(), model::NullValues::kSkip);
  if (!points) {
    reply(writing(answer_for(points.status())));
    return;
  }
  backend_.post_telemetry(device, std::move(*points),
                          [reply](const Status& status) { reply(writing(answer_for(status))); });
}

void CoapDeviceApi::post_attributes(const DeviceRequest& request,
                                    const auth::DeviceIdentity& device, const Reply& reply) {
  auto values = model::parse_attributes(request.body, model::NullValues::kSkip);
  if (!values) {
    reply(writing(answer_for(values.status())));
    return;
  }
  backend_.post_attributes(device, std::move(*values),
                           [reply](const Status& status) { reply(writing(answer_for(status))); });
}

// GET with Observe=0: the current shared attributes, then each change as a notification (the
// reference's order). Observe=1 cancels and is answered like a plain read.
void CoapDeviceApi::get_attributes(const DeviceRequest& request, const auth::DeviceIdentity& device,
                                   const Reply& reply) {
  if (request.observe == COAP_OBSERVE_ESTABLISH) {
    backend_.read_attributes(
        device, AttributeRequest{}, [this, device, reply](Result<DeviceAttributes> current) {
          if (!current) {
            reply(writing(answer_for(current.status())));
            return;
          }
          reply([this, device,
                 answer = json_answer(COAP_RESPONSE_CODE_CONTENT,
                                      shared_update_json({std::move(current->shared), {}}))](
                    const Exchange& exchange) mutable {
            add_observe(exchange.response, observations_.start(exchange.session, exchange.request,
                                                               device, Observed::kAttributes));
            write_answer(exchange, std::move(answer));
          });
        });
    return;
  }
  auto client = query_param(request.query, "clientKeys");
  auto shared = query_param(request.query, "sharedKeys");
  backend_.read_attributes(
      device, attribute_request_from_keys(client ? &*client : nullptr, shared ? &*shared : nullptr),
      [this, reply, cancel = request.observe.has_value()](Result<DeviceAttributes> attributes) {
        Answer answer;
        if (!attributes) {
          answer = answer_for(attributes.status());
        } else if (attributes->client.empty() && attributes->shared.empty()) {
          answer = {COAP_RESPONSE_CODE_NOT_FOUND, {}, false};  // as the reference
        } else {
          answer = json_answer(COAP_RESPONSE_CODE_CONTENT, attribute_response_json(*attributes));
        }
        reply([this, cancel, answer = std::move(answer)](const Exchange& exchange) mutable {
          if (cancel) observations_.stop(exchange.session, coap_pdu_get_token(exchange.request));
          write_answer(exchange, std::move(answer));
        });
      });
}

// GET with Observe=0: 2.03 Valid first (as the reference), then each RPC request as a 2.05
// notification {"id", "method", "params"}.
void CoapDeviceApi::observe_rpc(const DeviceRequest& request, const auth::DeviceIdentity& device,
                                const Reply& reply) {
  if (!request.observe) {
    reply(writing({COAP_RESPONSE_CODE_BAD_REQUEST, "observe rpc for requests", false}));
    return;
  }
  reply([this, device,
         establish = request.observe == COAP_OBSERVE_ESTABLISH](const Exchange& exchange) {
    if (establish) {
      add_observe(exchange.response,
                  observations_.start(exchange.session, exchange.request, device, Observed::kRpc));
    } else {
      observations_.stop(exchange.session, coap_pdu_get_token(exchange.request));
    }
    write_answer(exchange, {COAP_RESPONSE_CODE_VALID, {}, false});
  });
}

void CoapDeviceApi::client_rpc(const DeviceRequest& request, const auth::DeviceIdentity& device,
                               const Reply& reply) {
  auto call = parse_client_rpc(request.body);
  if (!call) {
    reply(writing(answer_for(call.status())));
    return;
  }
  backend_.post_client_rpc(device, std::move(*call), [reply](Result<std::string> answer) {
    reply(
        writing(json_answer(COAP_RESPONSE_CODE_CONTENT, client_rpc_reply_json(std::move(answer)))));
  });
}

void CoapDeviceApi::on_nack(coap_session_t* session, const coap_pdu_t* sent) {
  observations_.stop(session, coap_pdu_get_token(sent));
}

void CoapDeviceApi::stop() { observations_.stop_all(); }

}  // namespace pacificsoft::transport::coap::detail
