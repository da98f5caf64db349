// libcoap frees an async entry itself once the handler re-run for it returns.
#include "transport/coap/internal/coap_exchange.h"

namespace pacificsoft::transport::coap::detail {

namespace {

void release_payload(coap_session_t* /*session*/, void* payload) {
  delete static_cast<std::string*>(payload);  // NOLINT(cppcoreguidelines-owning-memory)
}

}  // namespace

Answer answer_for(const Status& status, coap_pdu_code_t success) {
  switch (status.code()) {
    case ErrorCode::kOk:
      return {success, {}, false};
    case ErrorCode::kUnauthenticated:
      return {COAP_RESPONSE_CODE_UNAUTHORIZED, {}, false};
    case ErrorCode::kPermissionDenied:
      return {COAP_RESPONSE_CODE_FORBIDDEN, {}, false};
    case ErrorCode::kInvalidArgument:
      return {COAP_RESPONSE_CODE_BAD_REQUEST, status.message(), false};
    case ErrorCode::kNotFound:
      return {COAP_RESPONSE_CODE_NOT_FOUND, {}, false};
    case ErrorCode::kTooManyRequests:
      return {COAP_RESPONSE_CODE_TOO_MANY_REQUESTS, {}, false};
    case ErrorCode::kUnavailable:
      return {COAP_RESPONSE_CODE_SERVICE_UNAVAILABLE, {}, false};
    default:
      return {COAP_RESPONSE_CODE_INTERNAL_ERROR, {}, false};
  }
}

void write_answer(const Exchange& exchange, Answer answer) {
  coap_pdu_set_code(exchange.response, answer.code);
  if (answer.payload.empty()) return;
  if (!answer.json) {  // a diagnostic: short by construction, one datagram at most
    answer.payload.resize(std::min<std::size_t>(answer.payload.size(), 256));
    coap_add_data(exchange.response, answer.payload.size(),
                  reinterpret_cast<const std::uint8_t*>(answer.payload.data()));
    return;
  }
  auto* payload = new std::string(std::move(answer.payload));  // NOLINT: libcoap releases it
  coap_add_data_large_response(
      exchange.resource, exchange.session, exchange.request, exchange.response, exchange.query,
      COAP_MEDIATYPE_APPLICATION_JSON, -1, 0, payload->size(),
      reinterpret_cast<const std::uint8_t*>(payload->data()), release_payload, payload);
}

Finish writing(Answer answer) {
  return [answer = std::move(answer)](const Exchange& exchange) mutable {
    write_answer(exchange, std::move(answer));
  };
}

PendingReplies::State PendingReplies::resume(const Exchange& exchange) {
  coap_async_t* async = coap_find_async(exchange.session, coap_pdu_get_token(exchange.request));
  if (!async) return State::kNew;
  auto* entry = static_cast<Entry*>(coap_async_get_app_data(async));
  if (!entry || !entry->finish) return State::kWaiting;
  Finish finish = std::move(entry->finish);
  entries_.erase(entry->id);
  finish(exchange);
  return State::kAnswered;
}

std::uint64_t PendingReplies::defer(const Exchange& exchange) {
  coap_async_t* async = coap_register_async(exchange.session, exchange.request, 0);
  if (!async) return 0;
  auto entry = std::make_unique<Entry>();
  entry->id = next_id_++;
  entry->async = async;
  coap_async_set_app_data(async, entry.get());
  auto id = entry->id;
  entries_.emplace(id, std::move(entry));
  return id;
}

void PendingReplies::complete(std::uint64_t id, Finish finish) {
  auto found = entries_.find(id);
  if (found == entries_.end()) return;
  found->second->finish = std::move(finish);
  coap_async_trigger(found->second->async);
}

}  // namespace pacificsoft::transport::coap::detail
