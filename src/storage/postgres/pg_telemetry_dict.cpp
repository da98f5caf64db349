// Key and entity dictionaries: cache first, then the tables; inserts commit on their own.
#include "storage/postgres/internal/pg_telemetry_dict.h"

#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_pool.h"

namespace pacificsoft::storage::postgres {
namespace {

constexpr std::string_view kSelectKey = "SELECT id FROM ts_key WHERE key = ";
constexpr std::string_view kInsertKey = "INSERT INTO ts_key (key) VALUES (";
constexpr std::string_view kSelectEntity = "SELECT id FROM ts_entity WHERE uuid = ";
constexpr std::string_view kInsertEntity = "INSERT INTO ts_entity (uuid, type) VALUES (";

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

// INSERT ... ON CONFLICT DO NOTHING answers no row when another transaction inserted it first
// (committed by then: the insert waited for it), so the SELECT after it finds that row.
Result<std::int64_t> insert_or_select(
    PgConnection& conn, const std::string& insert, const PgParams& params,
    const std::function<Result<std::optional<std::int64_t>>()>& select) {
  auto inserted = one_id(conn, insert + " ON CONFLICT DO NOTHING RETURNING id", params);
  if (!inserted) return inserted.status();
  if (*inserted) return **inserted;
  auto found = select();
  if (!found) return found.status();
  if (!*found) return internal_error("dictionary row neither inserted nor found");
  return **found;
}

}  // namespace

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
  KnownKeys known;
  PS_RETURN_IF_ERROR(storage::for_each_known_key(
      keys, [&](const std::string& key) { return find_key(conn, key); },
      [&](std::int64_t key_id, const std::string& key) {
        known.emplace_back(key_id, key);
        return Status::ok();
      }));
  return known;
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

Result<std::int64_t> PgTelemetryDict::ensure_key(std::string_view key) {
  if (auto id = cache_.key(key)) return *id;
  auto conn = pool_.acquire();
  if (!conn) return conn.status();
  PgParams params;
  std::string sql = std::string(kInsertKey) + params.add(key) + ")";
  auto id = insert_or_select(**conn, sql, params, [&] { return select_key(**conn, key); });
  if (id) cache_.add_key(key, *id);
  return id;
}

Result<std::int64_t> PgTelemetryDict::ensure_entity(const model::EntityId& entity) {
  if (auto id = cache_.entity(entity)) return *id;
  auto conn = pool_.acquire();
  if (!conn) return conn.status();
  PgParams params;
  std::string sql = std::string(kInsertEntity) + params.add(entity.id) + ", " +
                    params.add(model::entity_type_name(entity.type)) + ")";
  auto id = insert_or_select(**conn, sql, params, [&] { return select_entity(**conn, entity); });
  if (id) cache_.add_entity(entity, *id);
  return id;
}

}  // namespace pacificsoft::storage::postgres
