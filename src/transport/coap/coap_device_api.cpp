// Codes as the reference: 2.01 for posts once durable, 2.05 for reads, 4.00 bad payload, 4.01
// unknown token, 4.04 unknown resource, 4.05 wrong method. Posts are answered separately (empty
// ACK first) because the durable write completes on another thread.
#include "transport/coap/internal/coap_device_api.h"

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

CoapDeviceApi::CoapDeviceApi(const DeviceServices& services, std::weak_ptr<Mailbox> mailbox,
                             std::size_t max_payload_size)
    : auth_(services.auth),
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
  serve(exchange, *path, body);
}

void CoapDeviceApi::serve(const Exchange& exchange, const DevicePath& path, std::string_view body) {
  if (path.feature == Feature::kProvision) {
    write_answer(exchange, json_answer(COAP_RESPONSE_CODE_CONTENT, directory_.provision(body)));
    return;
  }
  auto device = auth_.by_access_token(path.token);
  if (!device) {
    write_answer(exchange, answer_for(device.status()));
    return;
  }
  backend_.report_activity(*device, ActivityEvent::kActivity);
  if (!limits_.allow_message(device->device_id, device->tenant_id)) {
    write_answer(exchange, {COAP_RESPONSE_CODE_TOO_MANY_REQUESTS, {}, false});
    return;
  }
  const bool get = coap_pdu_get_code(exchange.request) == kGet;
  switch (path.feature) {
    case Feature::kTelemetry:
      post_telemetry(exchange, *device, body);
      return;
    case Feature::kAttributes:
      if (get) {
        get_attributes(exchange, *device);
      } else {
        post_attributes(exchange, *device, body);
      }
      return;
    case Feature::kRpc:
      if (get) {
        observe_rpc(exchange, *device);
      } else {
        client_rpc(exchange, *device, body);
      }
      return;
    case Feature::kRpcReply:
      rpc_.reply(device->device_id, path.request_id, std::string(body));
      write_answer(exchange, {COAP_RESPONSE_CODE_CREATED, {}, false});
      return;
    case Feature::kProvision:
      return;
  }
}

CoapDeviceApi::Completion CoapDeviceApi::later(const Exchange& exchange) {
  std::uint64_t id = pending_.defer(exchange);
  if (id == 0) {
    write_answer(exchange, {COAP_RESPONSE_CODE_SERVICE_UNAVAILABLE, {}, false});
    return nullptr;
  }
  return [mailbox = mailbox_, this, id](Answer answer) {
    if (auto box = mailbox.lock()) {
      box->post([this, id, answer = std::move(answer)]() mutable {
        pending_.complete(id, std::move(answer));
      });
    }
  };
}

void CoapDeviceApi::post_telemetry(const Exchange& exchange, const auth::DeviceIdentity& device,
                                   std::string_view body) {
  auto points = model::parse_telemetry(body, clock_.now_ms(), model::NullValues::kSkip);
  if (!points) {
    write_answer(exchange, answer_for(points.status()));
    return;
  }
  if (auto done = later(exchange)) {
    backend_.post_telemetry(device, std::move(*points),
                            [done](const Status& status) { done(answer_for(status)); });
  }
}

void CoapDeviceApi::post_attributes(const Exchange& exchange, const auth::DeviceIdentity& device,
                                    std::string_view body) {
  auto values = model::parse_attributes(body, model::NullValues::kSkip);
  if (!values) {
    write_answer(exchange, answer_for(values.status()));
    return;
  }
  if (auto done = later(exchange)) {
    backend_.post_attributes(device, std::move(*values),
                             [done](const Status& status) { done(answer_for(status)); });
  }
}

// GET with Observe=0: the current shared attributes, then each change as a notification (the
// reference's order). Observe=1 cancels and is answered like a plain read.
void CoapDeviceApi::get_attributes(const Exchange& exchange, const auth::DeviceIdentity& device) {
  auto observe = observe_of(exchange.request);
  if (observe == COAP_OBSERVE_ESTABLISH) {
    auto current = backend_.read_attributes(device, AttributeRequest{});
    if (!current) {
      write_answer(exchange, answer_for(current.status()));
      return;
    }
    add_observe(exchange.response, observations_.start(exchange.session, exchange.request, device,
                                                       Observed::kAttributes));
    write_answer(exchange, json_answer(COAP_RESPONSE_CODE_CONTENT,
                                       shared_update_json({std::move(current->shared), {}})));
    return;
  }
  if (observe) observations_.stop(exchange.session, coap_pdu_get_token(exchange.request));
  std::string query = text_of(exchange.query);
  auto client = query_param(query, "clientKeys");
  auto shared = query_param(query, "sharedKeys");
  auto attributes = backend_.read_attributes(
      device,
      attribute_request_from_keys(client ? &*client : nullptr, shared ? &*shared : nullptr));
  if (!attributes) {
    write_answer(exchange, answer_for(attributes.status()));
  } else if (attributes->client.empty() && attributes->shared.empty()) {
    write_answer(exchange, {COAP_RESPONSE_CODE_NOT_FOUND, {}, false});  // as the reference
  } else {
    write_answer(exchange,
                 json_answer(COAP_RESPONSE_CODE_CONTENT, attribute_response_json(*attributes)));
  }
}

// GET with Observe=0: 2.03 Valid first (as the reference), then each RPC request as a 2.05
// notification {"id", "method", "params"}.
void CoapDeviceApi::observe_rpc(const Exchange& exchange, const auth::DeviceIdentity& device) {
  auto observe = observe_of(exchange.request);
  if (observe == COAP_OBSERVE_ESTABLISH) {
    add_observe(exchange.response,
                observations_.start(exchange.session, exchange.request, device, Observed::kRpc));
    write_answer(exchange, {COAP_RESPONSE_CODE_VALID, {}, false});
    return;
  }
  if (!observe) {
    write_answer(exchange, {COAP_RESPONSE_CODE_BAD_REQUEST, "observe rpc for requests", false});
    return;
  }
  observations_.stop(exchange.session, coap_pdu_get_token(exchange.request));
  write_answer(exchange, {COAP_RESPONSE_CODE_VALID, {}, false});
}

void CoapDeviceApi::client_rpc(const Exchange& exchange, const auth::DeviceIdentity& device,
                               std::string_view body) {
  auto call = parse_client_rpc(body);
  if (!call) {
    write_answer(exchange, answer_for(call.status()));
    return;
  }
  if (auto done = later(exchange)) {
    backend_.post_client_rpc(device, std::move(*call), [done](Result<std::string> reply) {
      done(json_answer(COAP_RESPONSE_CODE_CONTENT, client_rpc_reply_json(std::move(reply))));
    });
  }
}

void CoapDeviceApi::on_nack(coap_session_t* session, const coap_pdu_t* sent) {
  observations_.stop(session, coap_pdu_get_token(sent));
}

void CoapDeviceApi::stop() { observations_.stop_all(); }

}  // namespace pacificsoft::transport::coap::detail
