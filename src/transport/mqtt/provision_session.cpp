#include "transport/mqtt/internal/provision_session.h"

#include <algorithm>

#include "transport/mqtt/mqtt_topics.h"

namespace pacificsoft::transport::mqtt::detail {

void ProvisionSession::on_publish(Publish& publish, PublishDone done) {
  auto topic = parse_uplink_topic(publish.topic);
  if (!topic || topic->kind != Uplink::kProvisionRequest) {
    // The reference answers and then closes: a provisioning connection is for nothing else.
    done(Reason::kTopicNameInvalid);
    peer_->disconnect(Reason::kTopicNameInvalid);
    return;
  }
  // The peer is thread-safe, and the response goes out before the PUBACK, as the reference's.
  directory_.provision(publish.payload, [peer = peer_, qos = response_qos_,
                                         done = std::move(done)](std::string response) {
    peer->publish(downlink_topic(Downlink::kProvisionResponse, TopicFamily::kV1),
                  std::move(response), qos, nullptr);
    done(Reason::kSuccess);
  });
}

Reason ProvisionSession::on_subscribe(const Subscription& subscription) {
  auto filter = parse_downlink_filter(subscription.filter);
  if (!filter || filter->kind != Downlink::kProvisionResponse) return Reason::kTopicFilterInvalid;
  response_qos_ = std::min<std::uint8_t>(subscription.qos, 1);
  return response_qos_ == 0 ? Reason::kSuccess : Reason::kGrantedQos1;
}

}  // namespace pacificsoft::transport::mqtt::detail
