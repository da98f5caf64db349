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
  peer_->publish(downlink_topic(Downlink::kProvisionResponse, TopicFamily::kV1),
                 directory_.provision(publish.payload), response_qos_, nullptr);
  done(Reason::kSuccess);
}

Reason ProvisionSession::on_subscribe(const Subscription& subscription) {
  auto filter = parse_downlink_filter(subscription.filter);
  if (!filter || filter->kind != Downlink::kProvisionResponse) return Reason::kTopicFilterInvalid;
  response_qos_ = std::min<std::uint8_t>(subscription.qos, 1);
  return response_qos_ == 0 ? Reason::kSuccess : Reason::kGrantedQos1;
}

}  // namespace pacificsoft::transport::mqtt::detail
