// What the entity store keeps: each entity as a row of indexed columns plus its JSON body.
// The entity services decide what goes in each column; backends only index and compare them.
// On-disk meaning of the fields: docs/formats/entity_store.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/uuid.h"
#include "model/entity_type.h"

namespace pacificsoft::storage {

// Kinds of stored records. The numbers are persisted: never renumber, only append.
enum class RecordKind : std::uint8_t {
  kTenant = 1,
  kCustomer = 2,
  kUser = 3,
  kUserCredentials = 4,  // parent_id = user; password hash and activation token
  kDevice = 5,
  kDeviceCredentials = 6,  // parent_id = device; unique_key = credentials id (access token)
  kDeviceProfile = 7,
  kAsset = 8,
  kAssetProfile = 9,
  kDashboard = 10,
  kRuleChain = 11,
  kAlarm = 12,
  kSetting = 13,            // system settings and secrets; unique_key = setting name
  kRuleChainMetadata = 14,  // parent_id = rule chain, unique_key2 = its id; nodes and connections
};

struct EntityRecord {
  RecordKind kind = RecordKind::kTenant;
  Uuid id;
  std::int64_t created_time = 0;  // ms since epoch
  Uuid tenant_id;                 // the owning tenant; the all-zero uuid for system-level records
  Uuid customer_id;               // the assigned customer; all-zero when none
  Uuid parent_id;    // the record this one belongs to (device of credentials); all-zero if none
  std::string name;  // name, title or email: searched (case-insensitive substring) and sorted
  std::string type;  // device type, authority, ...: filtered and sorted
  std::string label;
  // Unique among records of the same kind when set (e.g. "<tenant>/<device name>", an email,
  // an access token). Compared exactly, so callers normalise case where it must not matter.
  std::optional<std::string> unique_key;
  // Secondary unique key, for records with two (user credentials: activation token).
  std::optional<std::string> unique_key2;
  std::string body;  // the entity's JSON text
};

enum class SortField { kCreatedTime, kName, kType, kLabel, kId };

// Records an entity has a relation to (of this type and group): a customer's dashboards.
struct RelatedFrom {
  model::EntityId from;
  std::string type;
  std::string type_group;
};

// A page of records of one kind; every set filter must match.
struct RecordQuery {
  RecordKind kind = RecordKind::kTenant;
  std::optional<Uuid> tenant_id;
  std::optional<Uuid> customer_id;
  std::optional<Uuid> parent_id;
  std::optional<std::string> type;
  std::optional<RelatedFrom> related_from;
  std::string text_search;  // case-insensitive substring of name; empty matches all
  SortField sort = SortField::kCreatedTime;
  bool descending = false;
  int page_size = 10;  // > 0
  int page = 0;        // 0-based
};

struct RecordPage {
  std::vector<EntityRecord> records;
  std::int64_t total_elements = 0;  // matching records over all pages
};

// A directed, typed edge between two entities (the reference's EntityRelation).
struct RelationRecord {
  model::EntityId from;
  model::EntityId to;
  std::string type;             // "Contains", "Manages", ...
  std::string type_group;       // "COMMON", ...
  std::string additional_info;  // JSON text; "null" when none
};

// Relations of one entity in one direction, optionally narrowed by type and group.
struct RelationQuery {
  model::EntityId entity;
  bool outgoing = true;  // true: entity is `from`; false: entity is `to`
  std::optional<std::string> type;
  std::optional<std::string> type_group;
};

}  // namespace pacificsoft::storage
