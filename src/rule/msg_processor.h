// What runs one queued message: the rule engine (its tenant's root chain).
#pragma once

#include <functional>

#include "common/status.h"
#include "model/msg.h"

namespace pacificsoft::rule {

// Reports the message finished (ok) or failed for a reason worth retrying (storage down);
// from any thread. A message that can never succeed (bad data) is reported ok and logged:
// retrying would stall its partition forever.
using Processed = std::function<void(Status)>;

class MsgProcessor {
 public:
  virtual ~MsgProcessor() = default;
  virtual void process(const model::Msg& msg, Processed processed) = 0;
};

}  // namespace pacificsoft::rule
