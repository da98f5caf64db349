// Nodes that act on time: the delay node holds messages for a while, on the engine's timers, so
// no thread waits.
#include <atomic>

#include "rule/nodes/core_nodes.h"
#include "rule/nodes/msg_pattern.h"

namespace pacificsoft::rule {
namespace {

using std::chrono::milliseconds;

constexpr std::int64_t kMaxPendingLimit = 100000;  // the reference's bound on maxPendingMsgs

// The delay's period: fixed, or read from a pattern per message. Takes the reference's current
// keys (periodValue, periodTimeUnit, usePeriodValuePattern, ...) and those before its version 1
// (periodInSeconds, useMetadataPeriodInSecondsPatterns, periodInSecondsPattern).
struct DelayPeriod {
  std::int64_t value = 60;
  std::int64_t unit_ms = 1000;
  std::optional<std::string> value_pattern;
  std::optional<std::string> unit_pattern;

  static std::optional<std::int64_t> unit_ms_of(std::string_view unit) {
    if (unit == "SECONDS") return 1000;
    if (unit == "MINUTES") return 60 * 1000;
    if (unit == "HOURS") return 60 * 60 * 1000;
    return std::nullopt;
  }

  static Result<DelayPeriod> parse(const bj::object& configuration) {
    DelayPeriod period;
    const bool v1 = configuration.contains("periodValue");
    period.value =
        json::get_int(configuration, v1 ? "periodValue" : "periodInSeconds").value_or(60);
    if (v1) {
      auto unit = unit_ms_of(json::get_string(configuration, "periodTimeUnit").value_or("SECONDS"));
      if (!unit) return invalid_argument("Unsupported time unit in 'periodTimeUnit'");
      period.unit_ms = *unit;
    }
    const char* use_key = v1 ? "usePeriodValuePattern" : "useMetadataPeriodInSecondsPatterns";
    if (json::get_bool(configuration, use_key).value_or(false)) {
      period.value_pattern = std::string(
          json::get_string(configuration, v1 ? "periodValuePattern" : "periodInSecondsPattern")
              .value_or(""));
    }
    if (v1 && json::get_bool(configuration, "usePeriodTimeUnitPattern").value_or(false)) {
      period.unit_pattern =
          std::string(json::get_string(configuration, "periodTimeUnitPattern").value_or(""));
    }
    if (period.value < 0) return invalid_argument("the delay period must not be negative");
    return period;
  }

  Result<milliseconds> of(const model::Msg& msg) const {
    std::int64_t value = this->value;
    if (value_pattern) {
      const std::string text = process_pattern(*value_pattern, msg);
      auto parsed = json::parse(text);
      if (!parsed || !parsed->is_int64() || parsed->as_int64() < 0) {
        return invalid_argument("Can't parse period value using pattern: " + *value_pattern);
      }
      value = parsed->as_int64();
    }
    std::int64_t unit = unit_ms;
    if (unit_pattern) {
      auto parsed = unit_ms_of(process_pattern(*unit_pattern, msg));
      if (!parsed)
        return invalid_argument("Can't parse period time unit using pattern: " + *unit_pattern);
      unit = *parsed;
    }
    return milliseconds(value * unit);
  }
};

// Holds each message for its period, then sends it on by Success; past maxPendingMsgs held at
// once, Failure. The message's branch stays open while it waits, so its queue offset is not
// committed: a crash replays it and the delay starts again (the reference acknowledges it at
// once and may lose it).
class DelayNode final : public RuleNode {
 public:
  DelayNode(Timers& timers, DelayPeriod period, std::int64_t max_pending)
      : timers_(timers), period_(std::move(period)), max_pending_(max_pending) {}

  void on_msg(model::Msg msg, NodeDone done) override {
    auto period = period_.of(msg);
    if (!period) {
      done(NodeResult::failure(std::move(msg), period.status().message()));
      return;
    }
    if (pending_->fetch_add(1) >= max_pending_) {
      pending_->fetch_sub(1);
      done(NodeResult::failure(std::move(msg), "Max limit of pending messages reached!"));
      return;
    }
    // `pending` by value: the callback may outlive a rebuilt chain's node.
    timers_.schedule(*period, [pending = pending_, msg = std::move(msg),
                               done = std::move(done)](const Status& fired) mutable {
      pending->fetch_sub(1);
      if (!fired) {
        done(NodeResult{{}, std::move(msg), fired});
        return;
      }
      done(NodeResult::on(kSuccess, std::move(msg)));
    });
  }

 private:
  Timers& timers_;
  const DelayPeriod period_;
  const std::int64_t max_pending_;
  std::shared_ptr<std::atomic<std::int64_t>> pending_ =
      std::make_shared<std::atomic<std::int64_t>>(0);
};

}  // namespace

void register_timed_nodes(NodeRegistry& registry) {
  registry.add(node_type("delay.TbMsgDelayNode"),
               [](const bj::object& configuration,
                  NodeServices& services) -> Result<std::unique_ptr<RuleNode>> {
                 auto period = DelayPeriod::parse(configuration);
                 if (!period) return period.status();
                 auto max_pending = json::get_int(configuration, "maxPendingMsgs").value_or(1000);
                 if (max_pending < 1 || max_pending > kMaxPendingLimit) {
                   return invalid_argument(
                       "Invalid maximum pending messages limit, should be in range from 1 to "
                       "100000 (inclusive)!");
                 }
                 return std::unique_ptr<RuleNode>(
                     std::make_unique<DelayNode>(services.timers, std::move(*period), max_pending));
               });
}

}  // namespace pacificsoft::rule
