// One thread runs libcoap: it sleeps in poll() on libcoap's epoll descriptor (sockets and
// retransmission timer) and the mailbox's eventfd, runs what other threads queued, then lets
// libcoap process without waiting.
#include "transport/coap/coap_server.h"

#include <arpa/inet.h>
#include <coap3/coap.h>
#include <poll.h>

#include <atomic>
#include <charconv>
#include <string_view>
#include <thread>

#include "common/log.h"
#include "common/thread_name.h"
#include "transport/coap/internal/coap_device_api.h"
#include "transport/coap/internal/mailbox.h"

namespace pacificsoft::transport::coap {

namespace {

constexpr int kMaxSleepMs = 1000;   // a safety net: libcoap's timer wakes the poll itself
constexpr int kNoEpollSleepMs = 5;  // a libcoap built without epoll is polled

void log_from_libcoap(coap_log_t level, const char* message) {
  std::string_view text(message);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  if (level <= LOG_ERR) {
    spdlog::info("libcoap: {}", text);
  } else {
    spdlog::debug("libcoap: {}", text);
  }
}

detail::CoapDeviceApi& api_of(const coap_session_t* session) {
  return *static_cast<detail::CoapDeviceApi*>(coap_get_app_data(coap_session_get_context(session)));
}

void on_request(coap_resource_t* resource, coap_session_t* session, const coap_pdu_t* request,
                const coap_string_t* query, coap_pdu_t* response) {
  api_of(session).handle({resource, session, request, query, response});
}

void on_nack(coap_session_t* session, const coap_pdu_t* sent, const coap_nack_reason_t /*reason*/,
             const coap_mid_t /*mid*/) {
  if (sent) api_of(session).on_nack(session, sent);
}

Result<coap_address_t> listen_address(const std::string& host, std::uint16_t port) {
  coap_address_t address;
  coap_address_init(&address);
  if (::inet_pton(AF_INET, host.c_str(), &address.addr.sin.sin_addr) == 1) {
    address.addr.sin.sin_family = AF_INET;
    address.size = sizeof(address.addr.sin);
  } else if (::inet_pton(AF_INET6, host.c_str(), &address.addr.sin6.sin6_addr) == 1) {
    address.addr.sin6.sin6_family = AF_INET6;
    address.size = sizeof(address.addr.sin6);
  } else {
    return invalid_argument("CoAP bind address '" + host + "' is not an IP address");
  }
  coap_address_set_port(&address, port);
  return address;
}

// libcoap keeps the bound address (after getsockname) but shows it only as text:
// "0.0.0.0:5683 UDP" or "[::]:5683 UDP".
std::uint16_t bound_port(const coap_endpoint_t* endpoint) {
  std::string_view text(coap_endpoint_str(endpoint));
  text = text.substr(0, text.find(' '));
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return 0;
  std::uint16_t port = 0;
  std::from_chars(text.data() + colon + 1, text.data() + text.size(), port);
  return port;
}

}  // namespace

struct CoapServer::Impl {
  CoapServerOptions options;
  const DeviceServices services;
  std::shared_ptr<detail::Mailbox> mailbox;
  std::unique_ptr<detail::CoapDeviceApi> api;
  coap_context_t* context = nullptr;
  std::uint16_t port = 0;
  std::atomic<bool> stopping{false};
  std::thread thread;

  Status open() {
    auto address = listen_address(options.bind_address, options.port);
    if (!address) return address.status();
    context = coap_new_context(nullptr);
    if (!context) return internal_error("libcoap cannot make a context");
    coap_context_set_block_mode(context, COAP_BLOCK_USE_LIBCOAP | COAP_BLOCK_SINGLE_BODY);
    coap_endpoint_t* endpoint = coap_new_endpoint(context, &*address, COAP_PROTO_UDP);
    if (!endpoint) {
      close();
      return Status(ErrorCode::kUnavailable, "CoAP cannot bind " + options.bind_address + ":" +
                                                 std::to_string(options.port) + " (UDP)");
    }
    port = options.port != 0 ? options.port : bound_port(endpoint);
    mailbox = std::make_shared<detail::Mailbox>();
    api = std::make_unique<detail::CoapDeviceApi>(services, mailbox, options.max_payload_size);
    coap_set_app_data(context, api.get());
    // Every path reaches the unknown-resource handler: the token is a path segment.
    coap_resource_t* resource = coap_resource_unknown_init2(on_request, 0);
    for (auto method : {COAP_REQUEST_GET, COAP_REQUEST_POST, COAP_REQUEST_DELETE}) {
      coap_register_request_handler(resource, method, on_request);
    }
    coap_add_resource(context, resource);
    coap_register_nack_handler(context, on_nack);
    return Status::ok();
  }

  void run() {
    const int coap_fd = coap_context_get_coap_fd(context);
    while (!stopping.load()) {
      pollfd fds[2] = {{mailbox->fd(), POLLIN, 0}, {coap_fd, POLLIN, 0}};
      ::poll(fds, coap_fd >= 0 ? 2 : 1, coap_fd >= 0 ? kMaxSleepMs : kNoEpollSleepMs);
      for (auto& task : mailbox->take()) task();
      coap_io_process(context, COAP_IO_NO_WAIT);
    }
  }

  void close() {
    if (api) api->stop();  // while libcoap still holds the sessions it releases
    if (context) coap_free_context(context);
    context = nullptr;
    api.reset();
    mailbox.reset();
  }
};

CoapServer::CoapServer(CoapServerOptions options, const DeviceServices& services)
    : impl_(new Impl{std::move(options), services}) {}

CoapServer::~CoapServer() { stop(); }

Status CoapServer::start() {
  if (impl_->thread.joinable()) return Status::ok();
  coap_startup();
  coap_set_log_handler(log_from_libcoap);
  coap_set_log_level(LOG_WARNING);
  PS_RETURN_IF_ERROR(impl_->open());
  impl_->stopping.store(false);
  impl_->thread = std::thread([impl = impl_.get()] {
    name_this_thread("coap");
    impl->run();
  });
  return Status::ok();
}

std::uint16_t CoapServer::port() const { return impl_->port; }

void CoapServer::stop() {
  if (!impl_->thread.joinable()) return;
  impl_->stopping.store(true);
  impl_->mailbox->post([] {});  // wakes the thread
  impl_->thread.join();
  // What other threads handed over until now still runs; later posts are refused.
  for (auto& task : impl_->mailbox->close()) task();
  impl_->close();
}

}  // namespace pacificsoft::transport::coap
