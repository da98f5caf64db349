// The delay, generator and message count nodes, against the real stores, with timers the test
// fires by hand; generated messages through the real queue into the engine.
#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <optional>

#include "entities/kinds.h"
#include "queue/log/log_queue.h"
#include "queue/msg_producer.h"
#include "rule/testing/engine_harness.h"

namespace pacificsoft::rule {
namespace {

using std::chrono::milliseconds;

model::Msg message(std::string data = R"({"temperature":21})") {
  model::Msg msg;
  msg.id = Uuid::random();
  msg.type = "POST_TELEMETRY_REQUEST";
  msg.originator = {model::EntityType::kDevice, Uuid::random()};
  msg.data = std::move(data);
  return msg;
}

class TimedNodesTest : public ::testing::Test {
 protected:
  // Starts `msg` through `node`; the result, once there is one, lands in `result`.
  static void start(RuleNode& node, model::Msg msg, std::optional<NodeResult>& result) {
    node.on_msg(std::move(msg), [&result](NodeResult r) { result = std::move(r); });
  }

  testing::NodeHarness harness_{PS_SCRIPT_WORKER};
};

TEST_F(TimedNodesTest, DelayHoldsTheMessageUntilItsPeriodThenSuccess) {
  auto node =
      harness_.create("delay.TbMsgDelayNode", {{"periodInSeconds", 2}, {"maxPendingMsgs", 5}});
  ASSERT_TRUE(node) << node.status().to_string();
  std::optional<NodeResult> result;
  model::Msg msg = message();
  start(**node, msg, result);
  EXPECT_FALSE(result);  // held, nothing blocked
  EXPECT_EQ(harness_.timers.delays(), (std::vector<milliseconds>{milliseconds(2000)}));
  EXPECT_EQ(harness_.timers.fire_all(), 1U);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->relations, (std::vector<std::string>{"Success"}));
  EXPECT_EQ(result->msg, msg);
}

TEST_F(TimedNodesTest, DelayPastMaxPendingGoesToFailure) {
  auto node =
      harness_.create("delay.TbMsgDelayNode", {{"periodInSeconds", 1}, {"maxPendingMsgs", 1}});
  ASSERT_TRUE(node);
  std::optional<NodeResult> first;
  std::optional<NodeResult> second;
  start(**node, message(), first);
  start(**node, message(), second);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->relations, (std::vector<std::string>{"Failure"}));
  EXPECT_EQ(second->msg.metadata_value("error"), "Max limit of pending messages reached!");
  harness_.timers.fire_all();
  ASSERT_TRUE(first);
  std::optional<NodeResult> third;  // the slot is free again
  start(**node, message(), third);
  EXPECT_FALSE(third);
}

TEST_F(TimedNodesTest, DelayReadsItsPeriodFromAPattern) {
  auto node = harness_.create("delay.TbMsgDelayNode", {{"periodValue", 0},
                                                       {"periodTimeUnit", "MINUTES"},
                                                       {"usePeriodValuePattern", true},
                                                       {"periodValuePattern", "${wait}"},
                                                       {"maxPendingMsgs", 10}});
  ASSERT_TRUE(node);
  model::Msg msg = message();
  msg.metadata.emplace_back("wait", "3");
  std::optional<NodeResult> held;
  start(**node, msg, held);
  EXPECT_EQ(harness_.timers.delays(), (std::vector<milliseconds>{milliseconds(180000)}));
  std::optional<NodeResult> bad;
  start(**node, message(), bad);  // no "wait" in the metadata
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->relations, (std::vector<std::string>{"Failure"}));
  EXPECT_EQ(bad->msg.metadata_value("error"), "Can't parse period value using pattern: ${wait}");
}

TEST_F(TimedNodesTest, DelayAsksForARetryWhenTheEngineStopsFirst) {
  auto node = harness_.create("delay.TbMsgDelayNode", {{"periodInSeconds", 60}});
  ASSERT_TRUE(node);
  std::optional<NodeResult> result;
  start(**node, message(), result);
  harness_.timers.fire_all(Status(ErrorCode::kUnavailable, "stopping"));
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->relations.empty());
  EXPECT_EQ(result->retry_reason.code(), ErrorCode::kUnavailable);  // not committed: replayed
}

TEST_F(TimedNodesTest, DelayRefusesAnOutOfRangePendingLimit) {
  EXPECT_FALSE(harness_.create("delay.TbMsgDelayNode", {{"maxPendingMsgs", 0}}));
  EXPECT_FALSE(
      harness_.create("delay.TbMsgDelayNode", {{"periodValue", 1}, {"periodTimeUnit", "DAYS"}}));
}

// Regression: periods past the clock's range overflowed into short ones (2^55 s became a
// negative or zero wait): a timer firing for ever, flooding the queue.
TEST_F(TimedNodesTest, PeriodsLongerThanAYearAreRefused) {
  const std::int64_t huge = std::int64_t{1} << 55;
  const std::int64_t year_s = 365LL * 24 * 3600;
  EXPECT_FALSE(harness_.create("debug.TbMsgGeneratorNode", {{"periodInSeconds", huge}}));
  EXPECT_TRUE(harness_.create("debug.TbMsgGeneratorNode", {{"periodInSeconds", year_s}}));
  EXPECT_FALSE(harness_.create("action.TbMsgCountNode", {{"interval", huge}}));
  EXPECT_FALSE(harness_.create("action.TbMsgCountNode", {{"interval", year_s + 1}}));
  EXPECT_TRUE(harness_.create("action.TbMsgCountNode", {{"interval", year_s}}));
  EXPECT_FALSE(harness_.create("delay.TbMsgDelayNode", {{"periodInSeconds", huge}}));
  EXPECT_FALSE(harness_.create("delay.TbMsgDelayNode",
                               {{"periodValue", 8761}, {"periodTimeUnit", "HOURS"}}));
  EXPECT_TRUE(harness_.create("delay.TbMsgDelayNode",
                              {{"periodValue", 8760}, {"periodTimeUnit", "HOURS"}}));

  auto node = harness_.create("delay.TbMsgDelayNode", {{"periodValue", 1},
                                                       {"periodTimeUnit", "HOURS"},
                                                       {"usePeriodValuePattern", true},
                                                       {"periodValuePattern", "$[wait]"}});
  ASSERT_TRUE(node);
  std::optional<NodeResult> result;
  start(**node, message(R"({"wait":36028797018963968})"), result);  // 2^55 hours
  ASSERT_TRUE(result);
  EXPECT_EQ(result->relations, (std::vector<std::string>{"Failure"}));
  EXPECT_EQ(result->msg.metadata_value("error"), "the delay period must not be longer than a year");
  EXPECT_TRUE(harness_.timers.delays().empty());
}

// A source node's context that keeps what the node sends.
class KeptMessages final : public NodeContext {
 public:
  const Uuid& tenant_id() const override { return tenant_; }
  const Uuid& self_id() const override { return self_; }
  std::string_view service_id() const override { return "rule-engine-1"; }
  bool owns(const Uuid& /*originator*/) const override { return owned; }
  void tell_next(model::Msg msg, std::string_view relation,
                 std::function<void(Status)> done) override {
    {
      std::lock_guard lock(mutex_);
      sent_.push_back(std::move(msg));
      relations_.emplace_back(relation);
    }
    changed_.notify_all();
    done(Status::ok());
  }
  // Waits (a script answers on its own thread) until `count` messages were sent.
  std::vector<model::Msg> wait_for(std::size_t count) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(10), [&] { return sent_.size() >= count; });
    return sent_;
  }
  std::vector<std::string> relations() {
    std::lock_guard lock(mutex_);
    return relations_;
  }

  const Uuid tenant_ = Uuid::random();
  const Uuid self_ = Uuid::random();
  std::atomic<bool> owned = true;

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<model::Msg> sent_;        // guarded by mutex_
  std::vector<std::string> relations_;  // guarded by mutex_
};

// Fires the pending timers until one more is pending (a script's answer re-arms the timer).
void tick(testing::ManualTimers& timers) { ASSERT_EQ(timers.fire_all(), 1U); }

TEST_F(TimedNodesTest, GeneratorRunsItsScriptOnThePreviousMessageEveryPeriod) {
  const Uuid device = Uuid::random();
  auto node =
      harness_.create("debug.TbMsgGeneratorNode",
                      {{"msgCount", 2},
                       {"periodInSeconds", 3},
                       {"originatorType", "DEVICE"},
                       {"originatorId", device.to_string()},
                       {"jsScript",
                        "return {msg: {n: (prevMsg.n || 0) + 1}, metadata: {before: prevMsgType}, "
                        "msgType: 'CUSTOM'};"}});
  ASSERT_TRUE(node) << node.status().to_string();
  KeptMessages context;
  (*node)->start(context);
  EXPECT_EQ(harness_.timers.delays(), (std::vector<milliseconds>{milliseconds(3000)}));
  tick(harness_.timers);
  context.wait_for(1);
  for (int i = 0; i < 100 && harness_.timers.delays().empty(); ++i) {
    std::this_thread::sleep_for(milliseconds(10));  // re-armed once the script answered
  }
  tick(harness_.timers);
  auto sent = context.wait_for(2);
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_EQ(sent[0].data, R"({"n":1})");
  EXPECT_EQ(sent[0].metadata_value("before"), "");
  EXPECT_EQ(sent[1].data, R"({"n":2})");
  EXPECT_EQ(sent[1].metadata_value("before"), "CUSTOM");
  EXPECT_EQ(sent[1].type, "CUSTOM");
  EXPECT_EQ(sent[1].originator, (model::EntityId{model::EntityType::kDevice, device}));
  EXPECT_NE(sent[0].id, sent[1].id);
  EXPECT_EQ(context.relations(), (std::vector<std::string>{"Success", "Success"}));
  for (int i = 0; i < 20; ++i) std::this_thread::sleep_for(milliseconds(5));
  EXPECT_TRUE(harness_.timers.delays().empty());  // msgCount reached
}

TEST_F(TimedNodesTest, GeneratorWithoutOriginatorSendsAsItselfAndStopsWithItsChain) {
  auto node = harness_.create("debug.TbMsgGeneratorNode", {{"periodInSeconds", 1}});
  ASSERT_TRUE(node);
  KeptMessages context;
  (*node)->start(context);
  tick(harness_.timers);
  auto sent = context.wait_for(1);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].originator, (model::EntityId{model::EntityType::kRuleNode, context.self_}));
  EXPECT_EQ(sent[0].type, "POST_TELEMETRY_REQUEST");  // the reference's default script
  EXPECT_EQ(sent[0].data, R"({"temp":42,"humidity":77})");
  (*node)->stop();
  for (int i = 0; i < 20; ++i) std::this_thread::sleep_for(milliseconds(5));
  harness_.timers.fire_all();
  EXPECT_TRUE(harness_.timers.delays().empty());
  EXPECT_EQ(context.wait_for(1).size(), 1U);
}

TEST_F(TimedNodesTest, GeneratorMakesMessagesOnlyWhereItsOriginatorsPartitionIsOwned) {
  auto node = harness_.create("debug.TbMsgGeneratorNode", {{"periodInSeconds", 1}});
  ASSERT_TRUE(node);
  KeptMessages context;
  context.owned = false;
  (*node)->start(context);
  tick(harness_.timers);  // another process owns it: no script, no message, the period again
  EXPECT_EQ(harness_.timers.delays(), (std::vector<milliseconds>{milliseconds(1000)}));
  context.owned = true;  // the partition moved here
  tick(harness_.timers);
  auto sent = context.wait_for(1);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].data, R"({"temp":42,"humidity":77})");
  (*node)->stop();
}

TEST_F(TimedNodesTest, MessageCountReportsTheCountAsTheTenantsTelemetryAndStartsAgain) {
  auto node =
      harness_.create("action.TbMsgCountNode", {{"interval", 5}, {"telemetryPrefix", "seen"}});
  ASSERT_TRUE(node);
  KeptMessages context;
  (*node)->start(context);
  for (int i = 0; i < 3; ++i) {
    auto ended = testing::NodeHarness::run(**node, message());
    EXPECT_TRUE(ended.relations.empty());  // counted messages end here
  }
  EXPECT_EQ(harness_.timers.delays(), (std::vector<milliseconds>{milliseconds(5000)}));
  harness_.stack.clock.advance_ms(5000);
  tick(harness_.timers);
  harness_.stack.clock.advance_ms(5000);
  tick(harness_.timers);
  auto sent = context.wait_for(2);
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_EQ(sent[0].type, "POST_TELEMETRY_REQUEST");
  EXPECT_EQ(sent[0].originator, (model::EntityId{model::EntityType::kTenant, context.tenant_}));
  EXPECT_EQ(sent[0].data, R"({"seen_rule-engine-1":3})");
  EXPECT_EQ(sent[0].metadata_value("delta"), "5000");
  EXPECT_EQ(sent[1].data, R"({"seen_rule-engine-1":0})");
}

// The whole path: the engine starts the chain's generator, its message is appended to the queue,
// and consumed back into the chain at the generator's Success successors.
TEST(GeneratedMessagesTest, GoThroughTheQueueIntoTheGeneratorsSuccessors) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("ps-generated-" + Uuid::random().to_string());
  auto queue = queue::log::LogQueue::open(dir.string(), {1, 1 << 20});
  ASSERT_TRUE(queue);
  {
    queue::MsgProducer producer(**queue);
    testing::EngineHarness harness(PS_SCRIPT_WORKER, RuleEngineOptions{&producer, "re-1"});
    const Uuid tenant = Uuid::random();
    harness.add_chain(
        tenant, true,
        testing::chain_metadata({testing::chain_node("debug.TbMsgGeneratorNode", "generator",
                                                     {{"msgCount", 1}, {"periodInSeconds", 1}}),
                                 testing::record_node("after generator")},
                                {testing::link(0, 1, "Success")}));
    harness.engine.on_partition_assigned(0, 1);  // it consumes the queue, as a server does
    harness.engine.start();
    // The generator, and the engine's refresh that storing the chain asked for.
    EXPECT_EQ(harness.nodes.timers.fire_all(), 2U);
    auto records = (*queue)->read(0, 0, 10, std::chrono::seconds(10));
    ASSERT_TRUE(records);
    ASSERT_EQ(records->size(), 1U);
    auto generated = model::decode_msg(records->front().payload);
    ASSERT_TRUE(generated);
    EXPECT_EQ(generated->tenant_id, tenant);
    ASSERT_TRUE(generated->resume);
    EXPECT_EQ(generated->resume->relation, "Success");
    EXPECT_TRUE(harness.process(*generated));
    EXPECT_EQ(harness.recorded.entries(), (std::vector<std::string>{"after generator"}));
    EXPECT_EQ(harness.recorded.data(), (std::vector<std::string>{R"({"temp":42,"humidity":77})"}));
  }
  queue->reset();
  std::filesystem::remove_all(dir);
}

// A save rebuilds the chain a few seconds later: the old generator's timer goes, the new one's
// comes, with no message needed to trigger it.
TEST(GeneratedMessagesTest, ASavedChainStopsItsOldGeneratorAndStartsTheNewOne) {
  testing::EngineHarness harness(PS_SCRIPT_WORKER);
  harness.nodes.stack.entities->register_kind(entities::make_rule_chain_kind());
  const Uuid tenant = Uuid::random();
  auto generator = [](int period) {
    return testing::chain_metadata({testing::chain_node("debug.TbMsgGeneratorNode", "generator",
                                                        {{"periodInSeconds", period}})},
                                   {});
  };
  const Uuid chain = harness.add_chain(tenant, true, generator(7));
  harness.engine.start();
  auto sorted_delays = [&harness] {
    auto delays = harness.nodes.timers.delays();
    std::sort(delays.begin(), delays.end());
    return delays;
  };
  // The generator, and the engine's refresh that storing the chain asked for.
  EXPECT_EQ(sorted_delays(), (std::vector<milliseconds>{milliseconds(200), milliseconds(7000)}));

  auth::SecurityUser admin;
  admin.authority = model::Authority::kTenantAdmin;
  admin.tenant_id = tenant;
  bj::object saved = generator(9);
  saved["ruleChainId"] = model::entity_id_json(model::EntityType::kRuleChain, chain);
  ASSERT_TRUE(harness.metadata.save(admin, saved));
  // The refresh rebuilds the chain and runs once more for the save that came while it was
  // pending; the old generator's tick finds it stopped.
  harness.nodes.timers.fire_all();
  EXPECT_EQ(sorted_delays(), (std::vector<milliseconds>{milliseconds(200), milliseconds(9000)}));
}

TEST(GeneratedMessagesTest, ARemovedChainsGeneratorStops) {
  testing::EngineHarness harness(PS_SCRIPT_WORKER);
  auto& store = *harness.nodes.stack.entity_store;
  const Uuid chain = harness.add_chain(
      Uuid::random(), false,
      testing::chain_metadata(
          {testing::chain_node("debug.TbMsgGeneratorNode", "generator", {{"periodInSeconds", 7}})},
          {}));
  harness.engine.start();
  ASSERT_EQ(harness.nodes.timers.delays().size(), 2U);  // the generator and a refresh
  auto metadata =
      store.find_by_unique_key2(storage::RecordKind::kRuleChainMetadata, chain.to_string());
  ASSERT_TRUE(metadata && metadata->has_value());
  ASSERT_TRUE(store.remove(storage::RecordKind::kRuleChainMetadata, (*metadata)->id));
  harness.nodes.timers.fire_all();  // the refresh drops the chain and runs once more
  harness.nodes.timers.fire_all();
  EXPECT_TRUE(harness.nodes.timers.delays().empty());
}

}  // namespace
}  // namespace pacificsoft::rule
