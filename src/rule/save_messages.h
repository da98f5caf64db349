// The storage steps of the reference's default root chain, until the rule engine runs chains:
// POST_TELEMETRY_REQUEST → save time series, POST_ATTRIBUTES_REQUEST → save client attributes.
// Other types are passed over.
#pragma once

#include "rule/msg_processor.h"
#include "telemetry/telemetry_service.h"

namespace pacificsoft::rule {

// Thread-safe (the telemetry service is).
class SaveMessages final : public MsgProcessor {
 public:
  explicit SaveMessages(telemetry::TelemetryService& telemetry) : telemetry_(telemetry) {}
  void process(const model::Msg& msg, Processed processed) override;

 private:
  telemetry::TelemetryService& telemetry_;
};

}  // namespace pacificsoft::rule
