#include "rule/save_messages.h"

#include "common/log.h"
#include "model/telemetry_json.h"

namespace pacificsoft::rule {
namespace {

// A refused value will not get better: logged and passed over. Any other failure (storage
// down, disk full) is retried: the message stays in the queue until it is stored.
Processed retry_unless_refused(Processed processed) {
  return [processed = std::move(processed)](const Status& status) {
    if (status.code() == ErrorCode::kInvalidArgument) {
      spdlog::error("message not saved: {}", status.to_string());
      processed(Status::ok());
      return;
    }
    processed(status);
  };
}

}  // namespace

void SaveMessages::process(const model::Msg& msg, Processed processed) {
  if (msg.type == model::msg_type::kPostTelemetry) {
    auto points = model::parse_telemetry(msg.data, msg.ts, model::NullValues::kSkip);
    if (!points) {
      spdlog::error("telemetry message {} not saved: {}", msg.id.to_string(),
                    points.status().message());
      processed(Status::ok());
      return;
    }
    telemetry_.save_timeseries(msg.originator, std::move(*points), 0,
                               retry_unless_refused(std::move(processed)));
    return;
  }
  if (msg.type == model::msg_type::kPostAttributes) {
    auto values = model::parse_attributes(msg.data, model::NullValues::kSkip);
    if (!values) {
      spdlog::error("attributes message {} not saved: {}", msg.id.to_string(),
                    values.status().message());
      processed(Status::ok());
      return;
    }
    telemetry_.save_attributes(msg.originator, model::AttributeScope::kClient, *values,
                               retry_unless_refused(std::move(processed)));
    return;
  }
  processed(Status::ok());
}

}  // namespace pacificsoft::rule
