// Notifications carry a growing Observe value (24 bits, as RFC 7641 compares them) and go
// confirmable, so a vanished device is noticed: libcoap reports the reset or time-out as a NACK.
#include "transport/coap/internal/observations.h"

#include "common/log.h"
#include "transport/device_payloads.h"

namespace pacificsoft::transport::coap::detail {

namespace {

constexpr std::uint32_t kObserveMask = 0xFFFFFF;

std::string token_text(coap_bin_const_t token) {
  return {reinterpret_cast<const char*>(token.s), token.length};
}

}  // namespace

struct Observations::Relation {
  std::uint64_t id = 0;
  coap_session_t* session = nullptr;  // referenced while the relation lives
  std::string token;
  Uuid device;
  Observed what = Observed::kAttributes;
  std::uint32_t sequence = 0;
  std::uint64_t subscription = 0;         // kAttributes
  std::shared_ptr<RpcReceiver> receiver;  // kRpc
};

// Hands the router's requests to the CoAP thread, which notifies the relation.
class Observations::RpcDelivery final : public RpcReceiver {
 public:
  RpcDelivery(std::weak_ptr<Mailbox> mailbox, Observations* owner, std::uint64_t id)
      : mailbox_(std::move(mailbox)), owner_(owner), id_(id) {}

  // On the router's thread, possibly while the server stops: touches only its own members.
  void deliver(const DeviceRpcRequest& request, RpcDelivered delivered) override {
    auto mailbox = mailbox_.lock();
    auto task = [owner = owner_, id = id_, payload = rpc_request_json(request, true), delivered] {
      delivered(owner->notify(id, payload));
    };
    if (!mailbox || !mailbox->post(std::move(task))) delivered(false);
  }

 private:
  const std::weak_ptr<Mailbox> mailbox_;
  Observations* const owner_;  // outlives every task the mailbox runs
  const std::uint64_t id_;
};

Observations::Observations(DeviceBackend& backend, DeviceRpcRouter& rpc,
                           std::weak_ptr<Mailbox> mailbox)
    : backend_(backend), rpc_(rpc), mailbox_(std::move(mailbox)) {}

Observations::~Observations() { stop_all(); }

std::uint32_t Observations::start(coap_session_t* session, const coap_pdu_t* request,
                                  const auth::DeviceIdentity& device, Observed what) {
  coap_bin_const_t token = coap_pdu_get_token(request);
  stop(session, token);
  if (auto older = by_device_.find({device.device_id, what}); older != by_device_.end()) {
    end(older->second);
  }
  auto relation = std::make_unique<Relation>();
  relation->id = next_id_++;
  relation->session = coap_session_reference(session);
  relation->token = token_text(token);
  relation->device = device.device_id;
  relation->what = what;
  const std::uint64_t id = relation->id;
  if (what == Observed::kAttributes) {
    relation->subscription = backend_.subscribe_shared_attributes(
        device, [mailbox = mailbox_, owner = this, id](const SharedAttributeUpdate& update) {
          if (auto box = mailbox.lock()) {
            box->post(
                [owner, id, payload = shared_update_json(update)] { owner->notify(id, payload); });
          }
        });
  } else {
    relation->receiver = std::make_shared<RpcDelivery>(mailbox_, this, id);
  }
  by_device_[{device.device_id, what}] = id;
  by_token_[{session, relation->token}] = id;
  auto* added = relations_.emplace(id, std::move(relation)).first->second.get();
  // After the relation is in place: the router may hand over waiting requests at once.
  if (added->receiver) rpc_.attach(device.device_id, added->receiver);
  return added->sequence++;
}

void Observations::stop(coap_session_t* session, coap_bin_const_t token) {
  auto found = by_token_.find({session, token_text(token)});
  if (found != by_token_.end()) end(found->second);
}

void Observations::stop_all() {
  while (!relations_.empty()) end(relations_.begin()->first);
}

void Observations::end(std::uint64_t id) {
  auto found = relations_.find(id);
  if (found == relations_.end()) return;
  Relation& relation = *found->second;
  if (auto owner = by_device_.find({relation.device, relation.what});
      owner != by_device_.end() && owner->second == id) {
    by_device_.erase(owner);
  }
  by_token_.erase({relation.session, relation.token});
  if (relation.subscription != 0) backend_.unsubscribe_shared_attributes(relation.subscription);
  if (relation.receiver) rpc_.detach(relation.device, relation.receiver.get());
  coap_session_release(relation.session);
  relations_.erase(found);
}

bool Observations::notify(std::uint64_t id, const std::string& payload) {
  auto found = relations_.find(id);
  if (found == relations_.end()) return false;
  Relation& relation = *found->second;
  coap_pdu_t* pdu = coap_pdu_init(COAP_MESSAGE_CON, COAP_RESPONSE_CODE_CONTENT,
                                  coap_new_message_id(relation.session),
                                  coap_session_max_pdu_size(relation.session));
  if (!pdu) return false;
  std::uint8_t observe[4];
  std::uint8_t format[2];
  bool built =
      coap_add_token(pdu, relation.token.size(),
                     reinterpret_cast<const std::uint8_t*>(relation.token.data())) != 0 &&
      coap_add_option(
          pdu, COAP_OPTION_OBSERVE,
          coap_encode_var_safe(observe, sizeof observe, relation.sequence++ & kObserveMask),
          observe) != 0 &&
      coap_add_option(pdu, COAP_OPTION_CONTENT_FORMAT,
                      coap_encode_var_safe(format, sizeof format, COAP_MEDIATYPE_APPLICATION_JSON),
                      format) != 0 &&
      coap_add_data(pdu, payload.size(), reinterpret_cast<const std::uint8_t*>(payload.data())) !=
          0;
  if (!built) {
    spdlog::info("coap: a {}-byte notification does not fit one message; not sent", payload.size());
    coap_delete_pdu(pdu);
    return false;
  }
  return coap_send(relation.session, pdu) != COAP_INVALID_MID;
}

}  // namespace pacificsoft::transport::coap::detail
