// The rule engine's message processor: each message runs through its tenant's root rule chain
// (a message a rule node made goes on from that node instead). Chains are built once from their
// metadata and kept by id, each with its own version, and tenants' roots likewise: a committed
// change to a chain, its metadata or the root flag (on_entity_changes) makes what it touches
// load again, so it applies to every message processed after the call that made it returned.
// It is also how chains find each other (rule chain input nodes), within a tenant only, and
// where their nodes' own messages are queued.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "entities/entity_changes.h"
#include "entities/rule_chain_metadata.h"
#include "queue/msg_producer.h"
#include "rule/chain/rule_chain.h"
#include "rule/msg_processor.h"

namespace pacificsoft::rule {

struct RuleEngineOptions {
  // Where messages that nodes make on their own (generator, message count) go; none: they are
  // refused (logged).
  queue::MsgProducer* producer = nullptr;
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
  // without waiting for a message; after changes, builds them again (and stops those of a
  // removed chain) on the timers' thread.
  void start();
  // The entity store's listener (any thread): forgets the chains and roots the changes touch
  // before returning, and schedules the rebuild of chains that make messages on their own.
  void on_entity_changes(const std::vector<entities::EntityChange>& changes);

  void process(const model::Msg& msg, std::shared_ptr<MsgExecutor> executor,
               Processed processed) override;
  void on_partition_assigned(std::uint32_t partition, std::uint32_t partitions) override;
  void on_partition_revoked(std::uint32_t partition, std::uint32_t partitions) override;
  Result<std::shared_ptr<const RuleChain>> chain(const Uuid& tenant_id,
                                                 const Uuid& chain_id) override;
  void enqueue(model::Msg msg, std::function<void(Status)> done) override;
  std::string_view service_id() const override { return options_.service_id; }
  bool owns(const Uuid& originator) const override;

 private:
  // A built chain, with the version of what it was read from.
  struct Cached {
    std::shared_ptr<const RuleChain> chain;
    std::uint64_t version = 0;
  };
  Result<Uuid> root_chain_id(const Uuid& tenant_id);
  Result<std::shared_ptr<const RuleChain>> load_chain(const Uuid& tenant_id, const Uuid& chain_id);
  // Builds every chain with metadata (those cached already and current are kept) and drops (and
  // stops) the cached ones that have none any more.
  void load_all();
  // Runs load_all() soon on the timers' thread, once for any number of calls meanwhile (and
  // once more for those that came while it ran).
  void schedule_refresh();
  void schedule_refresh_locked();           // under mutex_
  void forget_chain(const Uuid& chain_id);  // under mutex_
  void forget_root(const Uuid& tenant_id);  // under mutex_

  entities::EntityService& entities_;
  entities::RuleChainMetadataService& metadata_;
  const NodeRegistry& registry_;
  NodeServices services_;
  const RuleEngineOptions options_;
  std::mutex mutex_;
  std::unordered_map<Uuid, Cached> chains_;  // by chain id; guarded by mutex_
  // The root chain's id by tenant, dropped when a change touches it; guarded by mutex_.
  std::unordered_map<Uuid, Uuid> roots_;
  // Grow with each change of a chain (by chain id) or of a tenant's root (by tenant); an entry
  // cached at an older version is read again. Guarded by mutex_.
  std::unordered_map<Uuid, std::uint64_t> chain_versions_;
  std::unordered_map<Uuid, std::uint64_t> root_versions_;
  bool stopping_ = false;       // guarded by mutex_
  Timers::Id refresh_ = 0;      // the pending or running refresh, 0 when none; guarded by mutex_
  bool refresh_again_ = false;  // guarded by mutex_
  mutable std::mutex owned_mutex_;
  std::uint32_t partitions_ = 0;             // of the queue consumed; guarded by owned_mutex_
  std::unordered_set<std::uint32_t> owned_;  // guarded by owned_mutex_
};

}  // namespace pacificsoft::rule
