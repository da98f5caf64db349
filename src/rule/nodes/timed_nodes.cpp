// Nodes that act on time, on the engine's timers, so no thread waits: the delay node holds
// messages for a while; the generator and the message count make messages of their own.
#include <algorithm>
#include <atomic>
#include <mutex>

#include "common/log.h"
#include "rule/nodes/core_nodes.h"
#include "rule/nodes/node_support.h"
#include "rule/nodes/script_msg.h"

namespace pacificsoft::rule {
namespace {

using std::chrono::milliseconds;

constexpr std::int64_t kMaxPendingLimit = 100000;  // the reference's bound on maxPendingMsgs
// The longest period of any timed node. Larger values overflowed the conversions to the clock's
// nanoseconds into short or negative periods (a timer firing for ever); the reference's UI
// allows far less.
constexpr milliseconds kMaxPeriod = std::chrono::hours(24 * 365);
constexpr std::int64_t kMaxPeriodSeconds = kMaxPeriod.count() / 1000;

// `value` units of `unit_ms` milliseconds; nullopt past kMaxPeriod (or below zero).
std::optional<milliseconds> period_of(std::int64_t value, std::int64_t unit_ms) {
  if (value < 0 || value > kMaxPeriod.count() / unit_ms) return std::nullopt;
  return milliseconds(value * unit_ms);
}

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
    // A period read from the message is checked per message.
    if (!period.value_pattern && !period.unit_pattern && !period_of(period.value, period.unit_ms)) {
      return invalid_argument("the delay period must not be longer than a year");
    }
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
    auto period = period_of(value, unit);
    if (!period) return invalid_argument("the delay period must not be longer than a year");
    return *period;
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
        done(NodeResult::retry(std::move(msg), fired));
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

// What a source node's callbacks share with it. They may run after stop() (a script answering
// late, a timer firing as the chain goes), so they hold this, never the node, and use the
// context only while it is set.
struct SourceState {
  SourceState(Timers& timers, milliseconds period) : timers(timers), period(period) {}

  Timers& timers;
  const milliseconds period;
  std::mutex mutex;
  NodeContext* context = nullptr;  // guarded by mutex; null before start() and after stop()
  Timers::Id timer = 0;            // guarded by mutex

  // Calls `tick` one period from now, unless stopped by then.
  void arm(std::function<void()> tick) {
    std::lock_guard lock(mutex);
    if (context == nullptr) return;
    timer = timers.schedule(period, [tick = std::move(tick)](const Status& fired) {
      if (fired) tick();
    });
  }
  void stop() {
    Timers::Id pending = 0;
    {
      std::lock_guard lock(mutex);
      context = nullptr;
      pending = timer;
    }
    timers.cancel(pending);  // waits for a tick running on the timers' thread
  }
};

void log_append(const Status& appended) {
  if (!appended) spdlog::warn("a rule node's message was not queued: {}", appended.to_string());
}

// Every period, runs the script function(prevMsg, prevMetadata, prevMsgType) on the message it
// made last (at first {} with no metadata and type "") and sends its {msg, metadata, msgType} on
// by Success, msgCount times (0: no end), from originatorType/originatorId (none: the node).
// Generated messages go through the queue like a device's (durable once appended) and are
// consumed into the chain at this node's Success successors.
class GeneratorNode final : public RuleNode {
 public:
  struct Config {
    milliseconds period;
    std::int64_t max_count = 0;
    std::optional<model::EntityId> originator;
    std::string script;
  };

  GeneratorNode(NodeServices& services, Config config)
      : impl_(std::make_shared<Impl>(services, std::move(config))) {}
  ~GeneratorNode() override { impl_->state.stop(); }

  void on_msg(model::Msg msg, NodeDone done) override {  // it has no inputs in the reference
    done(NodeResult::end(std::move(msg)));
  }
  void start(NodeContext& context) override {
    {
      std::lock_guard lock(impl_->state.mutex);
      impl_->state.context = &context;
      impl_->previous.originator = impl_->config.originator.value_or(
          model::EntityId{model::EntityType::kRuleNode, context.self_id()});
    }
    Impl::arm(impl_);
  }
  void stop() override { impl_->state.stop(); }

 private:
  struct Impl {
    Impl(NodeServices& services, Config config)
        : scripts(services.scripts),
          clock(services.clock),
          config(std::move(config)),
          state(services.timers, this->config.period) {
      previous.data = "{}";
    }

    static void arm(const std::shared_ptr<Impl>& impl) {
      {
        std::lock_guard lock(impl->state.mutex);
        if (impl->config.max_count > 0 && impl->generated >= impl->config.max_count) return;
      }
      impl->state.arm([impl] { tick(impl); });
    }

    // Where the originator's partition is not owned, the period passes without a message: the
    // owner makes it.
    static void tick(const std::shared_ptr<Impl>& impl) {
      ScriptCall call;
      {
        std::unique_lock lock(impl->state.mutex);
        if (impl->state.context == nullptr) return;
        const model::Msg& prev = impl->previous;
        if (!impl->state.context->owns(prev.originator.id)) {
          lock.unlock();
          impl->state.arm([impl] { tick(impl); });
          return;
        }
        call = {std::string(kPrelude) + impl->config.script, prev.data, metadata_json(prev),
                prev.type};
      }
      impl->scripts.invoke(std::move(call), [impl](const Result<std::string>& result) {
        emit(*impl, result);
        arm(impl);
      });
    }

    static void emit(Impl& impl, const Result<std::string>& result) {
      auto value = result ? json::parse(*result) : Result<bj::value>(result.status());
      std::lock_guard lock(impl.state.mutex);
      if (impl.state.context == nullptr) return;
      model::Msg next = impl.previous;
      Status made = value ? apply_script_result(next, *value) : value.status();
      if (!made) {
        spdlog::warn("message generator: {}", made.message());
        return;
      }
      next.id = Uuid::random();
      next.ts = impl.clock.now_ms();
      impl.state.context->tell_next(next, kSuccess, log_append);
      impl.previous = std::move(next);
      ++impl.generated;
    }

    // The reference names the script's arguments prevMsg, prevMetadata, prevMsgType.
    static constexpr std::string_view kPrelude =
        "var prevMsg = msg, prevMetadata = metadata, prevMsgType = msgType;\n";

    ScriptSandbox& scripts;
    const Clock& clock;
    const Config config;
    SourceState state;
    model::Msg previous;         // guarded by state.mutex
    std::int64_t generated = 0;  // guarded by state.mutex
  };

  std::shared_ptr<Impl> impl_;
};

// Counts the messages that reach it (they end here) and every `interval` seconds sends on by
// Success a POST_TELEMETRY_REQUEST from the tenant: {"<telemetryPrefix>_<serviceId>": count},
// metadata "delta" the milliseconds since the last one. Through the queue, as the generator's.
class MsgCountNode final : public RuleNode {
 public:
  MsgCountNode(NodeServices& services, milliseconds interval, std::string prefix)
      : impl_(std::make_shared<Impl>(services, interval, std::move(prefix))) {}
  ~MsgCountNode() override { impl_->state.stop(); }

  void on_msg(model::Msg msg, NodeDone done) override {
    impl_->count.fetch_add(1);
    done(NodeResult::end(std::move(msg)));
  }
  void start(NodeContext& context) override {
    {
      std::lock_guard lock(impl_->state.mutex);
      impl_->state.context = &context;
      impl_->last_ms = impl_->clock.now_ms();
    }
    Impl::arm(impl_);
  }
  void stop() override { impl_->state.stop(); }

 private:
  struct Impl {
    Impl(NodeServices& services, milliseconds interval, std::string prefix)
        : clock(services.clock), prefix(std::move(prefix)), state(services.timers, interval) {}

    static void arm(const std::shared_ptr<Impl>& impl) {
      impl->state.arm([impl] {
        impl->report();
        arm(impl);
      });
    }

    void report() {
      std::lock_guard lock(state.mutex);
      if (state.context == nullptr) return;
      const std::int64_t now = clock.now_ms();
      model::Msg msg;
      msg.id = Uuid::random();
      msg.type = model::msg_type::kPostTelemetry;
      msg.tenant_id = state.context->tenant_id();
      msg.originator = {model::EntityType::kTenant, msg.tenant_id};
      msg.ts = now;
      msg.metadata.emplace_back("delta", std::to_string(now - last_ms));
      const std::string key = prefix + "_" + std::string(state.context->service_id());
      msg.data = json::serialize(bj::object{{key, count.exchange(0)}});
      last_ms = now;
      state.context->tell_next(std::move(msg), kSuccess, log_append);
    }

    const Clock& clock;
    const std::string prefix;
    SourceState state;
    std::atomic<std::int64_t> count{0};
    std::int64_t last_ms = 0;  // guarded by state.mutex
  };

  std::shared_ptr<Impl> impl_;
};

constexpr std::string_view kDefaultGeneratorScript =
    "var msg = { temp: 42, humidity: 77 };\n"
    "var metadata = { data: 40 };\n"
    "var msgType = \"POST_TELEMETRY_REQUEST\";\n\n"
    "return { msg: msg, metadata: metadata, msgType: msgType };";

Result<GeneratorNode::Config> generator_config(const bj::object& configuration) {
  GeneratorNode::Config config;
  const auto period = json::get_int(configuration, "periodInSeconds").value_or(1);
  if (period < 1 || period > kMaxPeriodSeconds) {
    return invalid_argument("'periodInSeconds' must be from 1 to " +
                            std::to_string(kMaxPeriodSeconds) + " (a year)");
  }
  config.period = std::chrono::seconds(period);
  config.max_count =
      std::max<std::int64_t>(0, json::get_int(configuration, "msgCount").value_or(0));
  const std::string_view id = json::get_string(configuration, "originatorId").value_or("");
  if (!id.empty()) {
    auto uuid = Uuid::parse(id);
    auto type =
        model::parse_entity_type(json::get_string(configuration, "originatorType").value_or(""));
    if (!uuid || !type) return invalid_argument("'originatorType'/'originatorId' name no entity");
    config.originator = model::EntityId{*type, *uuid};
  }
  if (json::get_string(configuration, "scriptLang").value_or("JS") != "JS") {
    return invalid_argument("only JavaScript scripts are supported (no TBEL yet)");
  }
  config.script =
      std::string(json::get_string(configuration, "jsScript").value_or(kDefaultGeneratorScript));
  return config;
}

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
  registry.add(node_type("debug.TbMsgGeneratorNode"),
               [](const bj::object& configuration,
                  NodeServices& services) -> Result<std::unique_ptr<RuleNode>> {
                 auto config = generator_config(configuration);
                 if (!config) return config.status();
                 return std::unique_ptr<RuleNode>(
                     std::make_unique<GeneratorNode>(services, std::move(*config)));
               });
  registry.add(node_type("action.TbMsgCountNode"),
               [](const bj::object& configuration,
                  NodeServices& services) -> Result<std::unique_ptr<RuleNode>> {
                 const auto interval = json::get_int(configuration, "interval").value_or(1);
                 if (interval < 1 || interval > kMaxPeriodSeconds) {
                   return invalid_argument("'interval' must be from 1 to " +
                                           std::to_string(kMaxPeriodSeconds) + " (a year)");
                 }
                 std::string prefix(
                     json::get_string(configuration, "telemetryPrefix").value_or("messageCount"));
                 return std::unique_ptr<RuleNode>(std::make_unique<MsgCountNode>(
                     services, std::chrono::seconds(interval), std::move(prefix)));
               });
}

}  // namespace pacificsoft::rule
