// Entity and relation SQL over one PostgreSQL connection; the rules are the SQLite store's
// (docs/formats/entity_store_postgres.md).
#include "storage/postgres/internal/pg_entity_ops.h"

#include "common/text.h"
#include "storage/sql_helpers.h"

namespace pacificsoft::storage::postgres {
namespace {

constexpr std::string_view kRecordColumns =
    "kind, id, created_time, tenant_id, customer_id, parent_id, name, type, label, unique_key, "
    "unique_key2, body";

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE entity (
  kind SMALLINT NOT NULL,
  id UUID NOT NULL,
  created_time BIGINT NOT NULL,
  tenant_id UUID NOT NULL,
  customer_id UUID NOT NULL,
  parent_id UUID NOT NULL,
  name TEXT NOT NULL,
  name_lower TEXT COLLATE "C" NOT NULL,
  type TEXT COLLATE "C" NOT NULL,
  label TEXT COLLATE "C" NOT NULL,
  unique_key TEXT COLLATE "C",
  unique_key2 TEXT COLLATE "C",
  body TEXT NOT NULL,
  CONSTRAINT entity_pkey PRIMARY KEY (kind, id));
CREATE UNIQUE INDEX entity_unique_key ON entity (kind, unique_key) WHERE unique_key IS NOT NULL;
CREATE UNIQUE INDEX entity_unique_key2 ON entity (kind, unique_key2) WHERE unique_key2 IS NOT NULL;
CREATE INDEX entity_by_tenant ON entity (kind, tenant_id, created_time);
CREATE INDEX entity_by_customer ON entity (kind, tenant_id, customer_id, created_time);
CREATE INDEX entity_by_parent ON entity (kind, parent_id);
CREATE INDEX entity_tenant_all ON entity (tenant_id);
CREATE TABLE relation (
  from_type TEXT COLLATE "C" NOT NULL,
  from_id UUID NOT NULL,
  to_type TEXT COLLATE "C" NOT NULL,
  to_id UUID NOT NULL,
  type TEXT COLLATE "C" NOT NULL,
  type_group TEXT COLLATE "C" NOT NULL,
  additional_info TEXT NOT NULL,
  CONSTRAINT relation_pkey PRIMARY KEY (from_id, from_type, type_group, type, to_id, to_type));
CREATE INDEX relation_by_to ON relation (to_id, to_type, type_group, type);
)sql";

EntityRecord read_record(const PgResult& rows, int row) {
  EntityRecord record;
  record.kind = static_cast<RecordKind>(rows.integer(row, 0));
  record.id = rows.uuid(row, 1);
  record.created_time = rows.integer(row, 2);
  record.tenant_id = rows.uuid(row, 3);
  record.customer_id = rows.uuid(row, 4);
  record.parent_id = rows.uuid(row, 5);
  record.name = rows.text(row, 6);
  record.type = rows.text(row, 7);
  record.label = rows.text(row, 8);
  if (!rows.is_null(row, 9)) record.unique_key = rows.text(row, 9);
  if (!rows.is_null(row, 10)) record.unique_key2 = rows.text(row, 10);
  record.body = rows.text(row, 11);
  return record;
}

// The placeholders of the 13 columns, in insert order (kRecordColumns, then name_lower).
std::vector<std::string> add_record(PgParams& params, const EntityRecord& record) {
  return {params.add(static_cast<std::int64_t>(record.kind)),
          params.add(record.id),
          params.add(record.created_time),
          params.add(record.tenant_id),
          params.add(record.customer_id),
          params.add(record.parent_id),
          params.add(record.name),
          params.add(record.type),
          params.add(record.label),
          params.add_optional(record.unique_key),
          params.add_optional(record.unique_key2),
          params.add(record.body),
          params.add(lower_ascii(record.name))};
}

// A type name this binary does not know (edited by hand, written by a newer binary) is an error,
// never a relation of the wrong type.
Result<RelationRecord> read_relation(const PgResult& rows, int row) {
  auto from_type = model::parse_entity_type(rows.text(row, 0));
  auto to_type = model::parse_entity_type(rows.text(row, 2));
  if (!from_type || !to_type) {
    return internal_error("relation with unknown entity type '" +
                          rows.text(row, from_type ? 2 : 0) + "'");
  }
  RelationRecord relation;
  relation.from = {*from_type, rows.uuid(row, 1)};
  relation.to = {*to_type, rows.uuid(row, 3)};
  relation.type = rows.text(row, 4);
  relation.type_group = rows.text(row, 5);
  relation.additional_info = rows.text(row, 6);
  return relation;
}

// The violated constraint's name says which key clashed; callers get it in our words.
Status name_clash(const Status& status, const Uuid& id) {
  if (status.code() != ErrorCode::kAlreadyExists) return status;
  const std::string& message = status.message();
  std::string what = message.starts_with("constraint entity_unique_key2:")  ? "unique key 2"
                     : message.starts_with("constraint entity_unique_key:") ? "unique key"
                                                                            : "id";
  return {ErrorCode::kAlreadyExists, "record " + id.to_string() + ": " + what + " already exists"};
}

// The WHERE clause naming one relation, its values added to `params`.
std::string relation_key(PgParams& params, const RelationRecord& relation) {
  return "from_type = " + params.add(model::entity_type_name(relation.from.type)) +
         " AND from_id = " + params.add(relation.from.id) +
         " AND to_type = " + params.add(model::entity_type_name(relation.to.type)) +
         " AND to_id = " + params.add(relation.to.id) + " AND type = " + params.add(relation.type) +
         " AND type_group = " + params.add(relation.type_group);
}

}  // namespace

const std::vector<const char*>& PgEntityOps::schema_steps() {
  static const std::vector<const char*> kSteps{kSchemaV1};
  return kSteps;
}

Status PgEntityOps::insert(const EntityRecord& record) {
  PgParams params;
  auto p = add_record(params, record);
  std::string sql = "INSERT INTO entity (" + std::string(kRecordColumns) + ", name_lower) VALUES (";
  for (std::size_t i = 0; i < p.size(); ++i) sql += (i == 0 ? "" : ", ") + p[i];
  sql += ")";
  return name_clash(conn_.exec(sql, params).status(), record.id);
}

Status PgEntityOps::update(const EntityRecord& record) {
  // Placeholders number themselves in whatever order they are added; created_time stays.
  PgParams params;
  std::string sql =
      "UPDATE entity SET tenant_id = " + params.add(record.tenant_id) +
      ", customer_id = " + params.add(record.customer_id) +
      ", parent_id = " + params.add(record.parent_id) + ", name = " + params.add(record.name) +
      ", name_lower = " + params.add(lower_ascii(record.name)) +
      ", type = " + params.add(record.type) + ", label = " + params.add(record.label) +
      ", unique_key = " + params.add_optional(record.unique_key) +
      ", unique_key2 = " + params.add_optional(record.unique_key2) +
      ", body = " + params.add(record.body) +
      " WHERE kind = " + params.add(static_cast<std::int64_t>(record.kind)) +
      " AND id = " + params.add(record.id);
  auto result = conn_.exec(sql, params);
  PS_RETURN_IF_ERROR(name_clash(result.status(), record.id));
  if (result->affected_rows() == 0) {
    return not_found("record " + record.id.to_string() + " not found");
  }
  return Status::ok();
}

Result<std::optional<EntityRecord>> PgEntityOps::find_one(RecordKind kind, std::string_view column,
                                                          std::string_view value) {
  PgParams params;
  std::string sql = "SELECT " + std::string(kRecordColumns) +
                    " FROM entity WHERE kind = " + params.add(static_cast<std::int64_t>(kind)) +
                    " AND " + std::string(column) + " = " + params.add(value);
  auto rows = conn_.exec(sql, params);
  if (!rows) return rows.status();
  if (rows->rows() == 0) return std::optional<EntityRecord>();
  return std::optional<EntityRecord>(read_record(*rows, 0));
}

Result<std::optional<EntityRecord>> PgEntityOps::get(RecordKind kind, const Uuid& id) {
  return find_one(kind, "id", id.to_string());
}

Result<std::optional<EntityRecord>> PgEntityOps::find_by_unique_key(RecordKind kind,
                                                                    std::string_view key) {
  return find_one(kind, "unique_key", key);
}

Result<std::optional<EntityRecord>> PgEntityOps::find_by_unique_key2(RecordKind kind,
                                                                     std::string_view key) {
  return find_one(kind, "unique_key2", key);
}

Result<RecordPage> PgEntityOps::list(const RecordQuery& query) {
  if (query.page_size <= 0 || query.page < 0) {
    return invalid_argument("page size must be positive and page non-negative");
  }
  PgParams params;
  std::string where =
      " FROM entity WHERE kind = " + params.add(static_cast<std::int64_t>(query.kind));
  if (query.tenant_id) where += " AND tenant_id = " + params.add(*query.tenant_id);
  if (query.customer_id) where += " AND customer_id = " + params.add(*query.customer_id);
  if (query.parent_id) where += " AND parent_id = " + params.add(*query.parent_id);
  if (query.type) where += " AND type = " + params.add(*query.type);
  if (!query.text_search.empty()) {
    where +=
        " AND name_lower LIKE " + params.add(contains_pattern(query.text_search)) + " ESCAPE '\\'";
  }
  if (const auto& related = query.related_from) {
    where +=
        " AND id IN (SELECT to_id FROM relation WHERE from_id = " + params.add(related->from.id) +
        " AND from_type = " + params.add(model::entity_type_name(related->from.type)) +
        " AND type = " + params.add(related->type) +
        " AND type_group = " + params.add(related->type_group) + ")";
  }

  RecordPage page;
  auto count = conn_.exec("SELECT COUNT(*)" + where, params);
  if (!count) return count.status();
  page.total_elements = count->integer(0, 0);

  const char* direction = query.descending ? " DESC" : " ASC";
  std::string sql = "SELECT " + std::string(kRecordColumns) + where + " ORDER BY " +
                    std::string(sort_column(query.sort)) + direction + ", id" + direction;
  sql += " LIMIT " + params.add(static_cast<std::int64_t>(query.page_size));
  sql += " OFFSET " + params.add(static_cast<std::int64_t>(query.page) * query.page_size);
  auto rows = conn_.exec(sql, params);
  if (!rows) return rows.status();
  page.records.reserve(static_cast<std::size_t>(rows->rows()));
  for (int row = 0; row < rows->rows(); ++row) page.records.push_back(read_record(*rows, row));
  return page;
}

Status PgEntityOps::remove(RecordKind kind, const Uuid& id) {
  PgParams params;
  std::string sql =
      "DELETE FROM entity WHERE kind = " + params.add(static_cast<std::int64_t>(kind)) +
      " AND id = " + params.add(id);
  auto result = conn_.exec(sql, params);
  if (!result) return result.status();
  if (result->affected_rows() == 0) return not_found("record " + id.to_string() + " not found");
  return Status::ok();
}

Status PgEntityOps::remove_tenant_records(const Uuid& tenant_id) {
  // The tenant's own record goes too, with the relations touching it. Matching relations by id
  // alone is enough: ids are random uuids, unique across kinds.
  static_assert(static_cast<int>(RecordKind::kTenant) == 1, "kind 1 is written in the SQL below");
  for (const char* sql : {"DELETE FROM relation WHERE from_id = $1 OR to_id = $1 "
                          "OR from_id IN (SELECT id FROM entity WHERE tenant_id = $1) "
                          "OR to_id IN (SELECT id FROM entity WHERE tenant_id = $1)",
                          "DELETE FROM entity WHERE tenant_id = $1 OR (kind = 1 AND id = $1)"}) {
    PgParams params;
    params.add(tenant_id);
    PS_RETURN_IF_ERROR(conn_.exec(sql, params).status());
  }
  return Status::ok();
}

Status PgEntityOps::save_relation(const RelationRecord& relation) {
  PgParams params;
  std::string sql =
      "INSERT INTO relation (from_type, from_id, to_type, to_id, type, type_group, "
      "additional_info) VALUES (" +
      params.add(model::entity_type_name(relation.from.type)) + ", " +
      params.add(relation.from.id) + ", " + params.add(model::entity_type_name(relation.to.type)) +
      ", " + params.add(relation.to.id) + ", " + params.add(relation.type) + ", " +
      params.add(relation.type_group) + ", " + params.add(relation.additional_info) +
      ") ON CONFLICT (from_id, from_type, type_group, type, to_id, to_type) DO UPDATE SET "
      "additional_info = EXCLUDED.additional_info";
  return conn_.exec(sql, params).status();
}

Status PgEntityOps::delete_relation(const RelationRecord& relation) {
  PgParams params;
  auto result = conn_.exec("DELETE FROM relation WHERE " + relation_key(params, relation), params);
  if (!result) return result.status();
  if (result->affected_rows() == 0) return not_found("Requested item wasn't found!");
  return Status::ok();
}

Status PgEntityOps::delete_relations_of(const model::EntityId& entity) {
  PgParams params;
  std::string id = params.add(entity.id);
  std::string type = params.add(model::entity_type_name(entity.type));
  return conn_
      .exec("DELETE FROM relation WHERE (from_id = " + id + " AND from_type = " + type +
                ") OR (to_id = " + id + " AND to_type = " + type + ")",
            params)
      .status();
}

Result<std::vector<RelationRecord>> PgEntityOps::find_relations(const RelationQuery& query) {
  PgParams params;
  std::string id = params.add(query.entity.id);
  std::string type = params.add(model::entity_type_name(query.entity.type));
  std::string sql =
      "SELECT from_type, from_id, to_type, to_id, type, type_group, additional_info FROM relation "
      "WHERE ";
  sql += query.outgoing ? "from_id = " + id + " AND from_type = " + type
                        : "to_id = " + id + " AND to_type = " + type;
  if (query.type) sql += " AND type = " + params.add(*query.type);
  if (query.type_group) sql += " AND type_group = " + params.add(*query.type_group);
  // The order of the index read: group, type, then the other end.
  sql += query.outgoing ? " ORDER BY type_group, type, to_id, to_type"
                        : " ORDER BY type_group, type, from_id, from_type";
  auto rows = conn_.exec(sql, params);
  if (!rows) return rows.status();
  std::vector<RelationRecord> relations;
  relations.reserve(static_cast<std::size_t>(rows->rows()));
  for (int row = 0; row < rows->rows(); ++row) {
    auto relation = read_relation(*rows, row);
    if (!relation) return relation.status();
    relations.push_back(std::move(*relation));
  }
  return relations;
}

Status PgEntityOps::transaction(const std::function<Status(EntityStore& store)>& work) {
  return work(*this);
}

}  // namespace pacificsoft::storage::postgres
