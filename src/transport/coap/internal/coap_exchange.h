// Answers to CoAP requests: written piggy-backed into libcoap's response, or later as a separate
// response once the backend finished (the empty ACK goes first). Separate responses use libcoap's
// async support: the request is registered, and when the answer is ready libcoap runs the handler
// again with a copy of it, which then finishes it. CoAP thread only.
#pragma once

#include <coap3/coap.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "common/status.h"

namespace pacificsoft::transport::coap::detail {

struct Answer {
  coap_pdu_code_t code = COAP_RESPONSE_CODE_CREATED;
  std::string payload;
  bool json = false;  // Content-Format application/json, else text/plain (diagnostics)
};

// The answer for a backend status: `success` when ok, else the error's CoAP code.
Answer answer_for(const Status& status, coap_pdu_code_t success = COAP_RESPONSE_CODE_CREATED);

// The request a handler was called for.
struct Exchange {
  coap_resource_t* resource;
  coap_session_t* session;
  const coap_pdu_t* request;
  const coap_string_t* query;
  coap_pdu_t* response;
};

// Writes `answer` into the response; a payload too large for one datagram goes block-wise.
void write_answer(const Exchange& exchange, Answer answer);

// The end of a request's handling, which writes its response: run on the CoAP thread with the
// handler's exchange when it is ready before the handler returns, else with libcoap's re-run.
using Finish = std::function<void(const Exchange&)>;
// A Finish that writes `answer`.
Finish writing(Answer answer);

class PendingReplies {
 public:
  enum class State : std::uint8_t {
    kNew,       // not a registered request: handle it
    kWaiting,   // a retransmission of a request still in progress: say nothing more
    kAnswered,  // the re-run of a finished request: it was finished
  };

  // Call first in every handler.
  State resume(const Exchange& exchange);
  // Registers the request for a separate answer; 0 when libcoap refused (answer it at once).
  std::uint64_t defer(const Exchange& exchange);
  // How request `id` finishes; ignored if it is gone.
  void complete(std::uint64_t id, Finish finish);

 private:
  struct Entry {
    std::uint64_t id = 0;
    coap_async_t* async = nullptr;
    Finish finish;
  };
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, std::unique_ptr<Entry>> entries_;
};

}  // namespace pacificsoft::transport::coap::detail
