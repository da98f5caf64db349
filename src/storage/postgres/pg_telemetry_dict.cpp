// Key and entity dictionaries on the read side: cache first, then the tables.
#include "storage/postgres/internal/pg_telemetry_dict.h"

#include "storage/postgres/pg_connection.h"

namespace pacificsoft::storage::postgres {
namespace {

constexpr std::string_view kSelectKey = "SELECT id FROM ts_key WHERE key = ";
constexpr std::string_view kSelectEntity = "SELECT id FROM ts_entity WHERE uuid = ";

// Runs a statement that answers at most one id.
Result<std::optional<std::int64_t>> one_id(PgConnection& conn, const std::string& sql,
                                           const PgParams& params) {
  auto result = conn.exec(sql, params);
  if (!result) return result.status();
  if (result->rows() == 0) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(result->integer(0, 0));
}

Result<std::optional<std::int64_t>> select_key(PgConnection& conn, std::string_view key) {
  PgParams params;
  return one_id(conn, std::string(kSelectKey) + params.add(key), params);
}

Result<std::optional<std::int64_t>> select_entity(PgConnection& conn,
                                                  const model::EntityId& entity) {
  PgParams params;
  std::string sql = std::string(kSelectEntity) + params.add(entity.id) +
                    " AND type = " + params.add(model::entity_type_name(entity.type));
  return one_id(conn, sql, params);
}

}  // namespace

Result<KnownKeys> collect_known_keys(
    const std::vector<std::string>& keys,
    const std::function<Result<std::optional<std::int64_t>>(const std::string& key)>& find) {
  KnownKeys known;
  PS_RETURN_IF_ERROR(
      storage::for_each_known_key(keys, find, [&](std::int64_t key_id, const std::string& key) {
        known.emplace_back(key_id, key);
        return Status::ok();
      }));
  return known;
}

// The rows these find were committed: the only uncommitted ones a connection sees are those of
// its own transaction, and on the writer's PgDictWriter asks its own pending ids first.
Result<std::optional<std::int64_t>> PgTelemetryDict::find_key(PgConnection& conn,
                                                              std::string_view key) {
  if (auto id = cache_.key(key)) return id;
  auto id = select_key(conn, key);
  if (id && *id) cache_.add_key(key, **id);
  return id;
}

Result<std::optional<std::int64_t>> PgTelemetryDict::find_entity(PgConnection& conn,
                                                                 const model::EntityId& entity) {
  if (auto id = cache_.entity(entity)) return id;
  auto id = select_entity(conn, entity);
  if (id && *id) cache_.add_entity(entity, **id);
  return id;
}

Result<KnownKeys> PgTelemetryDict::known_keys(PgConnection& conn,
                                              const std::vector<std::string>& keys) {
  return collect_known_keys(keys, [&](const std::string& key) { return find_key(conn, key); });
}

Status PgTelemetryDict::select_by_keys(
    PgConnection& conn, std::string select, PgParams& params, std::string_view key_id_column,
    const std::vector<std::string>& keys,
    const std::function<Status(const PgResult& result, int row, const std::string& key)>& visit) {
  KnownKeys known;
  if (keys.empty()) {
    select += " ORDER BY k.key";
  } else {
    auto found = known_keys(conn, keys);
    if (!found) return found.status();
    known = std::move(*found);
    if (known.empty()) return Status::ok();
    select += " AND " + std::string(key_id_column) + " = ANY(" + params.add(key_id_array(known)) +
              "::int[])";
  }
  auto result = conn.exec(select, params);
  if (!result) return result.status();
  if (!keys.empty()) {
    return for_each_row_in_key_order(*result, 1, known, [&](int row, const std::string& key) {
      return visit(*result, row, key);
    });
  }
  for (int row = 0; row < result->rows(); ++row) {
    PS_RETURN_IF_ERROR(visit(*result, row, result->text(row, 0)));
  }
  return Status::ok();
}

}  // namespace pacificsoft::storage::postgres
