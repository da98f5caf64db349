// New dictionary rows inside the writer's transaction, found or inserted many per statement;
// their ids published to the cache only after the COMMIT.
#include "storage/postgres/internal/pg_dict_writer.h"

#include <functional>
#include <numeric>
#include <unordered_set>

#include "storage/postgres/internal/pg_telemetry_dict.h"
#include "storage/postgres/pg_connection.h"

namespace pacificsoft::storage::postgres {
namespace {

// Both answer (the name's position in the arrays, its id) for every name that exists or that
// they inserted. NOT EXISTS keeps existing names from drawing sequence values; ORDER BY makes
// writers adding the same new names lock them in the same order (two such statements do not
// deadlock); the final SELECT sees the table as it was before the INSERT, so the two halves
// never overlap.
constexpr std::string_view kResolveKeys =
    "WITH wanted AS (SELECT * FROM unnest($1::text[]) WITH ORDINALITY AS w(key, n)), "
    "inserted AS (INSERT INTO ts_key (key) SELECT key FROM wanted w "
    "WHERE NOT EXISTS (SELECT 1 FROM ts_key k WHERE k.key = w.key) ORDER BY key "
    "ON CONFLICT DO NOTHING RETURNING id, key) "
    "SELECT w.n, i.id FROM wanted w JOIN inserted i USING (key) "
    "UNION ALL SELECT w.n, k.id FROM wanted w JOIN ts_key k USING (key)";
constexpr std::string_view kResolveEntities =
    "WITH wanted AS (SELECT * FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY "
    "AS w(uuid, type, n)), "
    "inserted AS (INSERT INTO ts_entity (uuid, type) SELECT uuid, type FROM wanted w "
    "WHERE NOT EXISTS (SELECT 1 FROM ts_entity e WHERE e.uuid = w.uuid AND e.type = w.type) "
    "ORDER BY uuid, type ON CONFLICT DO NOTHING RETURNING id, uuid, type) "
    "SELECT w.n, i.id FROM wanted w JOIN inserted i USING (uuid, type) "
    "UNION ALL SELECT w.n, e.id FROM wanted w JOIN ts_entity e USING (uuid, type)";

// A name the statement neither found nor inserted was committed by another transaction after
// the statement's snapshot (its INSERT waited for that one), so a second run finds it.
constexpr int kAttempts = 2;

// The ids of `count` distinct names by `sql` (kResolveKeys or kResolveEntities); `params_of`
// makes the statement's arrays of the names whose indexes it is given.
Result<std::vector<std::int64_t>> resolve_names(
    PgConnection& conn, std::string_view sql, std::size_t count,
    const std::function<PgParams(const std::vector<std::size_t>& names)>& params_of) {
  std::vector<std::int64_t> ids(count, 0);
  std::vector<std::size_t> missing(count);
  std::iota(missing.begin(), missing.end(), 0);
  for (int attempt = 0; attempt < kAttempts && !missing.empty(); ++attempt) {
    auto result = conn.exec(std::string(sql), params_of(missing));
    if (!result) return result.status();
    for (int row = 0; row < result->rows(); ++row) {
      std::int64_t position = result->integer(row, 0);
      if (position < 1 || position > static_cast<std::int64_t>(missing.size())) {
        return internal_error("dictionary statement answered an unknown position");
      }
      ids[missing[static_cast<std::size_t>(position - 1)]] = result->integer(row, 1);
    }
    std::erase_if(missing, [&](std::size_t name) { return ids[name] != 0; });
  }
  if (!missing.empty()) return internal_error("dictionary row neither inserted nor found");
  return ids;
}

}  // namespace

std::optional<std::int64_t> PgDictWriter::cached_or_pending_key(std::string_view key) {
  if (auto pending = keys_.find(key); pending != keys_.end()) return pending->second;
  return dict_.cache().key(key);
}

Result<std::vector<std::int64_t>> PgDictWriter::keys(PgConnection& conn,
                                                     const std::vector<std::string_view>& keys) {
  std::vector<std::int64_t> ids(keys.size(), 0);
  std::vector<std::string_view> unknown;
  std::unordered_set<std::string_view> seen;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (auto id = cached_or_pending_key(keys[i])) {
      ids[i] = *id;
    } else if (seen.insert(keys[i]).second) {
      unknown.push_back(keys[i]);
    }
  }
  if (unknown.empty()) return ids;
  auto found = resolve_names(conn, kResolveKeys, unknown.size(), [&](const auto& names) {
    ArrayLiteral texts;
    for (std::size_t name : names) texts.add_text(unknown[name]);
    PgParams params;
    params.add(texts.text());
    return params;
  });
  if (!found) return found.status();
  for (std::size_t i = 0; i < unknown.size(); ++i) {
    keys_.emplace(std::string(unknown[i]), (*found)[i]);
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (ids[i] == 0) ids[i] = keys_.find(keys[i])->second;
  }
  return ids;
}

std::int64_t PgDictWriter::entity_ref(const model::EntityId& entity) {
  // Pending first: once an entity has a stand-in, every point of it in this transaction must
  // use that one, even if a reader cached its id meanwhile.
  if (auto ref = refs_.find(entity); ref != refs_.end()) return ref->second;
  if (auto id = dict_.cache().entity(entity)) return *id;
  new_entities_.push_back({entity, 0});
  std::int64_t ref = -static_cast<std::int64_t>(new_entities_.size());
  refs_.emplace(entity, ref);
  return ref;
}

Status PgDictWriter::resolve(PgConnection& conn) {
  if (resolved_ == new_entities_.size()) return Status::ok();
  auto first = new_entities_.begin() + static_cast<std::ptrdiff_t>(resolved_);
  auto ids = resolve_names(
      conn, kResolveEntities, new_entities_.size() - resolved_, [&](const auto& names) {
        ArrayLiteral uuids;
        ArrayLiteral types;
        for (std::size_t name : names) {
          const model::EntityId& entity = first[static_cast<std::ptrdiff_t>(name)].entity;
          uuids.add_text(entity.id.to_string());
          types.add_text(model::entity_type_name(entity.type));
        }
        PgParams params;
        params.add(uuids.text());
        params.add(types.text());
        return params;
      });
  if (!ids) return ids.status();
  for (std::int64_t id : *ids) new_entities_[resolved_++].id = id;
  return Status::ok();
}

std::int64_t PgDictWriter::id_of(std::int64_t ref) const {
  return ref > 0 ? ref : new_entities_[static_cast<std::size_t>(-ref - 1)].id;
}

Result<std::int64_t> PgDictWriter::entity(PgConnection& conn, const model::EntityId& entity) {
  std::int64_t ref = entity_ref(entity);
  if (ref > 0) return ref;
  PS_RETURN_IF_ERROR(resolve(conn));
  return id_of(ref);
}

Result<std::optional<std::int64_t>> PgDictWriter::find_entity(PgConnection& conn,
                                                              const model::EntityId& entity) {
  if (auto ref = refs_.find(entity); ref != refs_.end()) {
    PS_RETURN_IF_ERROR(resolve(conn));
    return std::optional(id_of(ref->second));
  }
  // Not pending, so a row found there was committed.
  return dict_.find_entity(conn, entity);
}

Result<std::optional<std::int64_t>> PgDictWriter::find_key(PgConnection& conn,
                                                           const std::string& key) {
  if (auto pending = keys_.find(key); pending != keys_.end()) return std::optional(pending->second);
  // Not pending, so a row found there was committed.
  return dict_.find_key(conn, key);
}

Result<KnownKeys> PgDictWriter::known_keys(PgConnection& conn,
                                           const std::vector<std::string>& keys) {
  return collect_known_keys(keys, [&](const std::string& key) { return find_key(conn, key); });
}

void PgDictWriter::end_transaction(bool committed) {
  if (committed) {
    EntityIdMap entities;
    for (const auto& added : new_entities_) {
      if (added.id != 0) entities.emplace(added.entity, added.id);
    }
    dict_.cache().merge(keys_, entities);
  }
  keys_.clear();
  refs_.clear();
  new_entities_.clear();
  resolved_ = 0;
}

}  // namespace pacificsoft::storage::postgres
