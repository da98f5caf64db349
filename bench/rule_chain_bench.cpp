// The rule engine's step: a device's 5-key telemetry message through the default root chain
// (device profile node without alarm rules, message type switch, save time series into the
// real SQLite store), and the same chain without its save node (the engine's own cost); plus the
// queue's message encoding, which every message passes through twice.
#include <benchmark/benchmark.h>

#include <condition_variable>
#include <mutex>

#include "entities/rule_chain_metadata.h"
#include "rule/chain/rule_chain.h"
#include "rule/testing/rule_test_stack.h"

namespace pacificsoft::rule {
namespace {

model::Msg telemetry_msg(const model::EntityId& device, std::int64_t sequence) {
  model::Msg msg;
  msg.id = Uuid::random();
  msg.type = std::string(model::msg_type::kPostTelemetry);
  msg.originator = device;
  msg.tenant_id = Uuid::random();
  msg.ts = 1'700'000'000'000 + sequence;
  msg.metadata = {{"deviceName", "bench-device"}, {"deviceType", "default"}, {"ts", ""}};
  msg.data = R"({"temperature":21.5,"humidity":43,"voltage":3.31,"status":"ok","tx":)" +
             std::to_string(sequence) + "}";
  return msg;
}

// The default root chain, or (without_saves) the same with its save nodes' links cut.
bj::object chain_metadata(bool without_saves) {
  bj::object metadata = entities::default_root_chain_metadata();
  if (!without_saves) return metadata;
  bj::array kept;
  const auto& nodes = metadata.at("nodes").as_array();
  for (const auto& link : metadata.at("connections").as_array()) {
    const auto to = link.at("toIndex").to_number<std::size_t>();
    const auto type = nodes.at(to).at("type").as_string();
    if (type.find("TbMsgTimeseriesNode") == bj::string::npos &&
        type.find("TbMsgAttributesNode") == bj::string::npos) {
      kept.push_back(link);
    }
  }
  metadata["connections"] = std::move(kept);
  return metadata;
}

// range(0) messages from 100 devices handed to the chain at once, then waited for (the save
// node's writes are group-committed, as in the server).
void bm_default_chain_telemetry(benchmark::State& state, bool without_saves) {
  testing::NodeHarness harness(PS_SCRIPT_WORKER);
  auto chain = RuleChain::build(chain_metadata(without_saves), harness.registry, harness.services);
  if (!chain) {
    state.SkipWithError("the default chain did not build");
    return;
  }
  std::vector<model::EntityId> devices;
  for (int i = 0; i < 100; ++i) devices.push_back({model::EntityType::kDevice, Uuid::random()});
  const auto batch = state.range(0);
  // Continuations run where nodes answer: the chain alone is measured, not a partition's thread.
  const auto executor = std::make_shared<InlineExecutor>();
  std::int64_t sequence = 0;
  for (auto _ : state) {
    std::mutex mutex;
    std::condition_variable finished;
    std::int64_t pending = batch;
    for (std::int64_t i = 0; i < batch; ++i, ++sequence) {
      (*chain)->run(telemetry_msg(devices[static_cast<std::size_t>(sequence % 100)], sequence),
                    executor, [&](const Status&) {
                      std::lock_guard lock(mutex);
                      if (--pending == 0) finished.notify_one();
                    });
    }
    std::unique_lock lock(mutex);
    finished.wait(lock, [&] { return pending == 0; });
  }
  state.SetItemsProcessed(state.iterations() * batch);
}

void bm_msg_encode_decode(benchmark::State& state) {
  const model::Msg msg = telemetry_msg({model::EntityType::kDevice, Uuid::random()}, 42);
  for (auto _ : state) {
    auto decoded = model::decode_msg(model::encode_msg(msg));
    benchmark::DoNotOptimize(decoded);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK_CAPTURE(bm_default_chain_telemetry, saved, false)->Arg(1000)->UseRealTime();
BENCHMARK_CAPTURE(bm_default_chain_telemetry, without_saves, true)->Arg(1000)->UseRealTime();
BENCHMARK(bm_msg_encode_decode);

}  // namespace
}  // namespace pacificsoft::rule

BENCHMARK_MAIN();
