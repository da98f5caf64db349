#include "rule/chain/rule_chain.h"

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "entities/rule_chain_metadata.h"
#include "rule/testing/rule_test_stack.h"

namespace pacificsoft::rule {
namespace {

// Test nodes: "test.Tag" appends its configured tag to the message data and leaves by its
// configured relation; "test.Retry" asks for a retry.
class TagNode final : public RuleNode {
 public:
  TagNode(std::string tag, std::string relation)
      : tag_(std::move(tag)), relation_(std::move(relation)) {}
  void on_msg(model::Msg msg, NodeDone done) override {
    msg.data += tag_;
    {
      std::lock_guard lock(seen_mutex());
      seen().push_back(msg.data);
    }
    done(NodeResult::on(relation_, std::move(msg)));
  }
  static std::mutex& seen_mutex() {
    static std::mutex mutex;
    return mutex;
  }
  static std::vector<std::string>& seen() {
    static std::vector<std::string> values;
    return values;
  }

 private:
  std::string tag_;
  std::string relation_;
};

class RuleChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TagNode::seen().clear();
    registry_.add("test.Tag", [](const bj::object& configuration, NodeServices&) {
      return Result<std::unique_ptr<RuleNode>>(std::make_unique<TagNode>(
          std::string(json::get_string(configuration, "tag").value_or("")),
          std::string(json::get_string(configuration, "relation").value_or("Success"))));
    });
    registry_.add("test.Retry", [](const bj::object&, NodeServices&) {
      struct Retry final : RuleNode {
        void on_msg(model::Msg msg, NodeDone done) override {
          done(NodeResult::retry(std::move(msg), Status(ErrorCode::kUnavailable, "down")));
        }
      };
      return Result<std::unique_ptr<RuleNode>>(std::make_unique<Retry>());
    });
  }

  static bj::object tag(std::string_view tag, std::string_view relation = "Success") {
    return {{"type", "test.Tag"},
            {"name", tag},
            {"configuration", {{"tag", tag}, {"relation", relation}}}};
  }

  Status run(const bj::object& metadata, std::string type = "POST_TELEMETRY_REQUEST") {
    auto chain = RuleChain::build(metadata, registry_, services_);
    EXPECT_TRUE(chain) << chain.status().to_string();
    model::Msg msg;
    msg.type = std::move(type);
    std::promise<Status> done;
    (*chain)->run(msg, std::make_shared<InlineExecutor>(),
                  [&done](Status status) { done.set_value(status); });
    return done.get_future().get();
  }

  static std::vector<std::string> seen() {
    std::lock_guard lock(TagNode::seen_mutex());
    return TagNode::seen();
  }

  testing::NodeHarness harness_{PS_SCRIPT_WORKER};
  testing::RuleTestStack& stack_ = harness_.stack;
  NodeRegistry& registry_ = harness_.registry;
  NodeServices& services_ = harness_.services;
};

bj::object link(int from, int to, std::string_view type) {
  return {{"fromIndex", from}, {"toIndex", to}, {"type", type}};
}

TEST_F(RuleChainTest, FollowsTheRelationsANodeLeavesBy) {
  bj::object metadata{{"firstNodeIndex", 0},
                      {"nodes", bj::array{tag("a", "True"), tag("b"), tag("c")}},
                      {"connections", bj::array{link(0, 1, "True"), link(0, 2, "False")}}};
  EXPECT_TRUE(run(metadata));
  EXPECT_EQ(seen(), (std::vector<std::string>{"a", "ab"}));
}

// Holds what is posted to it until the test runs it; "here" is the test's own thread.
class HeldExecutor final : public MsgExecutor {
 public:
  bool here() const override { return std::this_thread::get_id() == owner_; }
  void post(std::function<void()> task) override {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  std::size_t run_held() {
    std::vector<std::function<void()>> tasks;
    {
      std::lock_guard lock(mutex_);
      tasks.swap(tasks_);
    }
    for (auto& task : tasks) task();
    return tasks.size();
  }

 private:
  const std::thread::id owner_ = std::this_thread::get_id();
  std::mutex mutex_;
  std::vector<std::function<void()>> tasks_;
};

TEST_F(RuleChainTest, ANodeAnsweringFromAnotherThreadGoesOnOnTheExecutor) {
  registry_.add("test.Elsewhere", [](const bj::object&, NodeServices&) {
    struct Elsewhere final : RuleNode {
      void on_msg(model::Msg msg, NodeDone done) override {
        std::thread([msg = std::move(msg), done = std::move(done)]() mutable {
          done(NodeResult::on(kSuccess, std::move(msg)));
        }).join();
      }
    };
    return Result<std::unique_ptr<RuleNode>>(std::make_unique<Elsewhere>());
  });
  bj::object metadata{
      {"firstNodeIndex", 0},
      {"nodes", bj::array{{{"type", "test.Elsewhere"}, {"name", "away"}}, tag("after")}},
      {"connections", bj::array{link(0, 1, "Success")}}};
  auto chain = RuleChain::build(metadata, registry_, services_);
  ASSERT_TRUE(chain);
  auto executor = std::make_shared<HeldExecutor>();
  std::optional<Status> done;
  model::Msg msg;
  (*chain)->run(msg, executor, [&done](Status status) { done = status; });
  EXPECT_TRUE(seen().empty()) << "the next node waits for the executor";
  EXPECT_EQ(executor->run_held(), 1U);
  EXPECT_EQ(seen(), std::vector<std::string>{"after"});
  ASSERT_TRUE(done.has_value());
  EXPECT_TRUE(*done);

  // An answer that leads to no node only ends its branch: it takes no turn on the executor.
  auto last = RuleChain::build({{"firstNodeIndex", 0},
                                {"nodes", bj::array{{{"type", "test.Elsewhere"}, {"name", "end"}}}},
                                {"connections", bj::array{}}},
                               registry_, services_);
  ASSERT_TRUE(last);
  done.reset();
  (*last)->run(msg, executor, [&done](Status status) { done = status; });
  EXPECT_TRUE(done.has_value());
  EXPECT_EQ(executor->run_held(), 0U);
}

TEST_F(RuleChainTest, OneRelationToSeveralNodesCopiesTheMessage) {
  bj::object metadata{{"firstNodeIndex", 0},
                      {"nodes", bj::array{tag("a"), tag("b"), tag("c")}},
                      {"connections", bj::array{link(0, 1, "Success"), link(0, 2, "Success")}}};
  EXPECT_TRUE(run(metadata));
  auto values = seen();
  std::sort(values.begin(), values.end());
  EXPECT_EQ(values, (std::vector<std::string>{"a", "ab", "ac"}));
}

TEST_F(RuleChainTest, MessageTypeSwitchNamesTheReferencesRelations) {
  bj::object metadata{
      {"firstNodeIndex", 0},
      {"nodes", bj::array{{{"type", node_type("filter.TbMsgTypeSwitchNode")}, {"name", "switch"}},
                          tag("telemetry"),
                          tag("other")}},
      {"connections", bj::array{link(0, 1, "Post telemetry"), link(0, 2, "Other")}}};
  EXPECT_TRUE(run(metadata, "POST_TELEMETRY_REQUEST"));
  EXPECT_TRUE(run(metadata, "CUSTOM"));
  EXPECT_EQ(seen(), (std::vector<std::string>{"telemetry", "other"}));
}

TEST_F(RuleChainTest, ARetryRequestReachesTheConsumer) {
  bj::object metadata{{"firstNodeIndex", 0},
                      {"nodes", bj::array{tag("a"), {{"type", "test.Retry"}, {"name", "r"}}}},
                      {"connections", bj::array{link(0, 1, "Success")}}};
  EXPECT_EQ(run(metadata).code(), ErrorCode::kUnavailable);
}

TEST_F(RuleChainTest, UnknownNodeTypesFailTheirMessagesAndLoopsAreCut) {
  bj::object unknown{{"firstNodeIndex", 0},
                     {"nodes", bj::array{{{"type", "no.such.Node"}, {"name", "x"}}, tag("failed")}},
                     {"connections", bj::array{link(0, 1, "Failure")}}};
  EXPECT_TRUE(run(unknown));
  EXPECT_EQ(seen(), std::vector<std::string>{"failed"});
  bj::object loop{{"firstNodeIndex", 0},
                  {"nodes", bj::array{tag("")}},
                  {"connections", bj::array{link(0, 0, "Success")}}};
  EXPECT_TRUE(run(loop)) << "a looping chain ends";
  EXPECT_EQ(seen().size(), 1u + 1000u);
}

TEST_F(RuleChainTest, TheDefaultRootChainSavesTelemetryAndClientAttributes) {
  auto chain = RuleChain::build(entities::default_root_chain_metadata(), registry_, services_);
  ASSERT_TRUE(chain);
  const model::EntityId device{model::EntityType::kDevice, Uuid::random()};
  auto run_msg = [&](std::string_view type, std::string data) {
    model::Msg msg;
    msg.type = std::string(type);
    msg.originator = device;
    msg.ts = 1'700'000'000'500;
    msg.data = std::move(data);
    std::promise<Status> done;
    (*chain)->run(msg, std::make_shared<InlineExecutor>(),
                  [&done](Status status) { done.set_value(status); });
    return done.get_future().get();
  };
  ASSERT_TRUE(run_msg(model::msg_type::kPostTelemetry, R"({"temperature":21.5})"));
  ASSERT_TRUE(run_msg(model::msg_type::kPostAttributes, R"({"firmware":"v1"})"));
  auto latest = stack_.timeseries->latest(device, {"temperature"});
  ASSERT_TRUE(latest);
  ASSERT_EQ(latest->size(), 1u);
  EXPECT_EQ(latest->front().ts, 1'700'000'000'500);
  auto attributes = stack_.attributes->find(device, model::AttributeScope::kClient, {"firmware"});
  ASSERT_TRUE(attributes);
  EXPECT_EQ(attributes->size(), 1u);
}

TEST_F(RuleChainTest, ScriptNodesFilterSwitchAndTransform) {
  auto script = [](std::string_view type, std::string_view body) {
    return bj::object{{"type", node_type(type)},
                      {"name", type},
                      {"configuration", {{"scriptLang", "JS"}, {"jsScript", body}}}};
  };
  bj::object metadata{
      {"firstNodeIndex", 0},
      {"nodes",
       bj::array{script("transform.TbTransformMsgNode",
                        "return {msg: {t: msg.t * 2}, metadata: {unit: 'C'}};"),
                 script("filter.TbJsFilterNode", "return msg.t > 10 && metadata.unit == 'C';"),
                 script("filter.TbJsSwitchNode", "return ['a', 'b'];"), tag("hot"), tag("a"),
                 tag("b"), tag("failed")}},
      {"connections", bj::array{link(0, 1, "Success"), link(1, 2, "True"), link(1, 3, "True"),
                                link(2, 4, "a"), link(2, 5, "b"), link(1, 6, "Failure")}}};
  auto chain = RuleChain::build(metadata, registry_, services_);
  ASSERT_TRUE(chain);
  model::Msg msg;
  msg.data = R"({"t":6})";
  std::promise<Status> done;
  (*chain)->run(msg, std::make_shared<InlineExecutor>(),
                [&done](Status status) { done.set_value(status); });
  ASSERT_TRUE(done.get_future().get());
  auto values = seen();
  std::sort(values.begin(), values.end());
  EXPECT_EQ(values, (std::vector<std::string>{R"({"t":12}a)", R"({"t":12}b)", R"({"t":12}hot)"}));
}

TEST_F(RuleChainTest, ARunawayScriptSendsItsMessageToFailure) {
  bj::object metadata{{"firstNodeIndex", 0},
                      {"nodes", bj::array{{{"type", node_type("filter.TbJsFilterNode")},
                                           {"name", "loop"},
                                           {"configuration", {{"jsScript", "while (true) {}"}}}},
                                          tag("failed")}},
                      {"connections", bj::array{link(0, 1, "Failure")}}};
  EXPECT_TRUE(run(metadata));
  EXPECT_EQ(seen(), std::vector<std::string>{"failed"});
}

// Regression: an exception out of a node's on_msg ended the process, and the message, replayed
// at the next start, ended it again.
TEST_F(RuleChainTest, ANodeThatThrowsSendsTheMessageToItsFailure) {
  registry_.add("test.Throw", [](const bj::object& configuration, NodeServices&) {
    struct Throw final : RuleNode {
      explicit Throw(bool standard) : standard(standard) {}
      void on_msg(model::Msg, NodeDone) override {
        if (standard) throw std::length_error("field value too large");
        throw 42;
      }
      const bool standard;
    };
    return Result<std::unique_ptr<RuleNode>>(
        std::make_unique<Throw>(json::get_bool(configuration, "standard").value_or(true)));
  });
  registry_.add("test.Error", [](const bj::object&, NodeServices&) {
    struct Error final : RuleNode {
      void on_msg(model::Msg msg, NodeDone done) override {
        {
          std::lock_guard lock(TagNode::seen_mutex());
          TagNode::seen().push_back(std::string(msg.metadata_value("error")) + " from " +
                                    msg.originator.id.to_string());
        }
        done(NodeResult::end(std::move(msg)));
      }
    };
    return Result<std::unique_ptr<RuleNode>>(std::make_unique<Error>());
  });
  model::Msg msg;
  msg.id = Uuid::random();
  msg.type = "POST_TELEMETRY_REQUEST";
  msg.originator = {model::EntityType::kDevice, Uuid::random()};
  msg.data = R"({"t":1})";
  const std::string from = " from " + msg.originator.id.to_string();
  for (bool standard : {true, false}) {
    bj::object metadata{{"firstNodeIndex", 0},
                        {"nodes", bj::array{{{"type", "test.Throw"},
                                             {"name", "throws"},
                                             {"configuration", {{"standard", standard}}}},
                                            {{"type", "test.Error"}, {"name", "error"}},
                                            tag("succeeded")}},
                        {"connections", bj::array{link(0, 1, "Failure"), link(0, 2, "Success")}}};
    auto chain = RuleChain::build(metadata, registry_, services_);
    ASSERT_TRUE(chain);
    std::promise<Status> done;
    (*chain)->run(msg, std::make_shared<InlineExecutor>(),
                  [&done](Status status) { done.set_value(status); });
    EXPECT_TRUE(done.get_future().get());
  }
  EXPECT_EQ(seen(),
            (std::vector<std::string>{"field value too large" + from, "unknown exception" + from}));
}

TEST_F(RuleChainTest, ConnectionsOutOfRangeAreRefused) {
  bj::object metadata{{"nodes", bj::array{tag("a")}},
                      {"connections", bj::array{link(0, 3, "Success")}}};
  EXPECT_FALSE(RuleChain::build(metadata, registry_, services_));
}

}  // namespace
}  // namespace pacificsoft::rule
