// The rule engine's message processor: each message runs through its tenant's root rule chain
// (a message a rule node made goes on from that node instead). Chains are built once from their
// metadata and kept by id; a saved chain (the metadata service's generation) makes them rebuild,
// a moved root flag is re-checked every few seconds. It is also how chains find each other
// (rule chain input nodes), within a tenant only, and where their nodes' own messages are queued.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "entities/rule_chain_metadata.h"
#include "queue/message_queue.h"
#include "rule/chain/rule_chain.h"
#include "rule/msg_processor.h"

namespace pacificsoft::rule {

struct RuleEngineOptions {
  // Where messages that nodes make on their own (generator, message count) are appended; none:
  // they are refused (logged).
  queue::MessageQueue* queue = nullptr;
  // This process's id, as the reference's serviceId (the message count node's key).
  std::string service_id;
};

// Thread-safe. Everything given outlives it.
class RuleEngine final : public MsgProcessor, public ChainHost {
 public:
  RuleEngine(entities::EntityService& entities, entities::RuleChainMetadataService& metadata,
             const NodeRegistry& registry, NodeServices services, RuleEngineOptions options = {});
  // Stops the chains' own message makers.
  ~RuleEngine() override;
  RuleEngine(const RuleEngine&) = delete;
  RuleEngine& operator=(const RuleEngine&) = delete;

  // Builds every chain that has metadata, so the nodes that make messages on their own run
  // without waiting for a message, and from then on rebuilds them a few seconds after a save
  // (and stops those of a removed chain within a minute).
  void start();

  void process(const model::Msg& msg, Processed processed) override;
  Result<std::shared_ptr<const RuleChain>> chain(const Uuid& tenant_id,
                                                 const Uuid& chain_id) override;
  void enqueue(model::Msg msg, std::function<void(Status)> done) override;
  std::string_view service_id() const override { return options_.service_id; }

 private:
  struct Cached {
    std::shared_ptr<const RuleChain> chain;
    std::uint64_t generation = 0;
  };
  struct Root {
    Uuid chain_id;
    std::chrono::steady_clock::time_point checked;
  };
  Result<Uuid> root_chain_id(const Uuid& tenant_id);
  Result<std::shared_ptr<const RuleChain>> load_chain(const Uuid& tenant_id, const Uuid& chain_id);
  // Builds every chain with metadata (those cached already and current are kept) and drops (and
  // stops) the cached ones that have none any more.
  void load_all();
  void schedule_refresh();

  entities::EntityService& entities_;
  entities::RuleChainMetadataService& metadata_;
  const NodeRegistry& registry_;
  NodeServices services_;
  const RuleEngineOptions options_;
  std::mutex mutex_;
  std::unordered_map<Uuid, Cached> chains_;  // by chain id; guarded by mutex_
  std::unordered_map<Uuid, Root> roots_;     // by tenant; guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
  Timers::Id refresh_ = 0;                   // guarded by mutex_
  std::atomic<std::uint64_t> loaded_generation_{0};
  int refreshes_ = 0;  // on the timers' thread only
};

}  // namespace pacificsoft::rule
