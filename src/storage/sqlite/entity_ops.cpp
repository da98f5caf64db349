// Entity and relation SQL over one SQLite connection.
#include "storage/sqlite/internal/entity_ops.h"

#include "common/text.h"
#include "storage/sql_helpers.h"

namespace pacificsoft::storage::sqlite {
namespace {

constexpr std::string_view kRecordColumns =
    "kind, id, created_time, tenant_id, customer_id, parent_id, name, type, label, unique_key, "
    "unique_key2, body";

constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE entity (
  kind INTEGER NOT NULL,
  id BLOB NOT NULL,
  created_time INTEGER NOT NULL,
  tenant_id BLOB NOT NULL,
  customer_id BLOB NOT NULL,
  parent_id BLOB NOT NULL,
  name TEXT NOT NULL,
  name_lower TEXT NOT NULL,
  type TEXT NOT NULL,
  label TEXT NOT NULL,
  unique_key TEXT,
  unique_key2 TEXT,
  body TEXT NOT NULL,
  PRIMARY KEY (kind, id));
CREATE UNIQUE INDEX entity_unique_key ON entity (kind, unique_key) WHERE unique_key IS NOT NULL;
CREATE UNIQUE INDEX entity_unique_key2 ON entity (kind, unique_key2) WHERE unique_key2 IS NOT NULL;
CREATE INDEX entity_by_tenant ON entity (kind, tenant_id, created_time);
CREATE INDEX entity_by_customer ON entity (kind, tenant_id, customer_id, created_time);
CREATE INDEX entity_by_parent ON entity (kind, parent_id);
CREATE INDEX entity_tenant_all ON entity (tenant_id);
CREATE TABLE relation (
  from_type TEXT NOT NULL,
  from_id BLOB NOT NULL,
  to_type TEXT NOT NULL,
  to_id BLOB NOT NULL,
  type TEXT NOT NULL,
  type_group TEXT NOT NULL,
  additional_info TEXT NOT NULL,
  PRIMARY KEY (from_id, from_type, type_group, type, to_id, to_type));
CREATE INDEX relation_by_to ON relation (to_id, to_type, type_group, type);
)sql";

EntityRecord read_record(const Statement& row) {
  EntityRecord record;
  record.kind = static_cast<RecordKind>(row.column_int(0));
  record.id = row.column_uuid(1);
  record.created_time = row.column_int(2);
  record.tenant_id = row.column_uuid(3);
  record.customer_id = row.column_uuid(4);
  record.parent_id = row.column_uuid(5);
  record.name = row.column_text(6);
  record.type = row.column_text(7);
  record.label = row.column_text(8);
  if (!row.column_is_null(9)) record.unique_key = row.column_text(9);
  if (!row.column_is_null(10)) record.unique_key2 = row.column_text(10);
  record.body = row.column_text(11);
  return record;
}

// Binds the 13 columns of an insert in schema order.
void bind_record(Statement& stmt, const EntityRecord& record) {
  stmt.bind(1, static_cast<std::int64_t>(record.kind))
      .bind(2, record.id)
      .bind(3, record.created_time)
      .bind(4, record.tenant_id)
      .bind(5, record.customer_id)
      .bind(6, record.parent_id)
      .bind(7, std::string_view(record.name))
      .bind(8, std::string_view(lower_ascii(record.name)))
      .bind(9, std::string_view(record.type))
      .bind(10, std::string_view(record.label))
      .bind_optional(11, record.unique_key)
      .bind_optional(12, record.unique_key2)
      .bind(13, std::string_view(record.body));
}

// A type name this binary does not know (a file edited by hand or by a newer binary) is an error,
// never a relation of the wrong type.
Result<RelationRecord> read_relation(const Statement& row) {
  auto from_type = model::parse_entity_type(row.column_text(0));
  auto to_type = model::parse_entity_type(row.column_text(2));
  if (!from_type || !to_type) {
    return internal_error("relation with unknown entity type '" +
                          row.column_text(from_type ? 2 : 0) + "'");
  }
  RelationRecord relation;
  relation.from = {*from_type, row.column_uuid(1)};
  relation.to = {*to_type, row.column_uuid(3)};
  relation.type = row.column_text(4);
  relation.type_group = row.column_text(5);
  relation.additional_info = row.column_text(6);
  return relation;
}

// SQLite names the violated index in its message ("UNIQUE constraint failed: entity.kind,
// entity.unique_key2"); callers get which key clashed in our words.
Status name_clash(const Status& status, const Uuid& id) {
  if (status.code() != ErrorCode::kAlreadyExists) return status;
  const std::string& message = status.message();
  std::string what = message.find("unique_key2") != std::string::npos  ? "unique key 2"
                     : message.find("unique_key") != std::string::npos ? "unique key"
                                                                       : "id";
  return {ErrorCode::kAlreadyExists, "record " + id.to_string() + ": " + what + " already exists"};
}

std::string select_where(std::string_view condition) {
  return "SELECT " + std::string(kRecordColumns) + " FROM entity WHERE " + std::string(condition);
}

}  // namespace

const std::vector<std::string_view>& EntityOps::schema_steps() {
  static const std::vector<std::string_view> kSteps{kSchemaV1};
  return kSteps;
}

Status EntityOps::insert(const EntityRecord& record) {
  auto stmt = db_.prepare("INSERT INTO entity (" + std::string(kRecordColumns) +
                          ", name_lower) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?9, ?10, ?11, ?12, "
                          "?13, ?8)");
  if (!stmt) return stmt.status();
  bind_record(**stmt, record);
  return name_clash((*stmt)->run(), record.id);
}

Status EntityOps::update(const EntityRecord& record) {
  auto stmt = db_.prepare(
      "UPDATE entity SET tenant_id = ?4, customer_id = ?5, parent_id = ?6, name = ?7, "
      "name_lower = ?8, type = ?9, label = ?10, unique_key = ?11, unique_key2 = ?12, body = ?13 "
      "WHERE kind = ?1 AND id = ?2");
  if (!stmt) return stmt.status();
  bind_record(**stmt, record);
  PS_RETURN_IF_ERROR(name_clash((*stmt)->run(), record.id));
  if (db_.changes() == 0) return not_found("record " + record.id.to_string() + " not found");
  return Status::ok();
}

Result<std::optional<EntityRecord>> EntityOps::find_one(
    const std::string& sql, RecordKind kind, const std::function<void(Statement&)>& bind) {
  auto stmt = db_.prepare(sql);
  if (!stmt) return stmt.status();
  (*stmt)->bind(1, static_cast<std::int64_t>(kind));
  bind(**stmt);
  auto row = (*stmt)->step();
  if (!row) return row.status();
  if (!*row) return std::optional<EntityRecord>();
  return std::optional<EntityRecord>(read_record(**stmt));
}

Result<std::optional<EntityRecord>> EntityOps::get(RecordKind kind, const Uuid& id) {
  // Built once: these lookups are hot (device credentials on every MQTT connect).
  static const std::string kSql = select_where("kind = ? AND id = ?");
  return find_one(kSql, kind, [&](Statement& stmt) { stmt.bind(2, id); });
}

Result<std::optional<EntityRecord>> EntityOps::find_by_unique_key(RecordKind kind,
                                                                  std::string_view key) {
  static const std::string kSql = select_where("kind = ? AND unique_key = ?");
  return find_one(kSql, kind, [&](Statement& stmt) { stmt.bind(2, key); });
}

Result<std::optional<EntityRecord>> EntityOps::find_by_unique_key2(RecordKind kind,
                                                                   std::string_view key) {
  static const std::string kSql = select_where("kind = ? AND unique_key2 = ?");
  return find_one(kSql, kind, [&](Statement& stmt) { stmt.bind(2, key); });
}

Result<RecordPage> EntityOps::list(const RecordQuery& query) {
  // A negative LIMIT would mean "no limit" to SQLite: refuse rather than dump the table.
  if (query.page_size <= 0 || query.page < 0) {
    return invalid_argument("page size must be positive and page non-negative");
  }
  // Filters become numbered parameters; the SQL text varies only with which filters are set,
  // so the statement cache stays small.
  std::string where = " FROM entity WHERE kind = ?1";
  if (query.tenant_id) where += " AND tenant_id = ?2";
  if (query.customer_id) where += " AND customer_id = ?3";
  if (query.parent_id) where += " AND parent_id = ?4";
  if (query.type) where += " AND type = ?5";
  if (!query.text_search.empty()) where += " AND name_lower LIKE ?6 ESCAPE '\\'";
  if (query.related_from) {
    where +=
        " AND id IN (SELECT to_id FROM relation WHERE from_id = ?9 AND from_type = ?10 AND "
        "type = ?11 AND type_group = ?12)";
  }
  auto bind_filters = [&](Statement& stmt) {
    stmt.bind(1, static_cast<std::int64_t>(query.kind));
    if (query.tenant_id) stmt.bind(2, *query.tenant_id);
    if (query.customer_id) stmt.bind(3, *query.customer_id);
    if (query.parent_id) stmt.bind(4, *query.parent_id);
    if (query.type) stmt.bind(5, std::string_view(*query.type));
    if (!query.text_search.empty()) {
      stmt.bind(6, std::string_view(contains_pattern(query.text_search)));
    }
    if (const auto& related = query.related_from) {
      stmt.bind(9, related->from.id)
          .bind(10, model::entity_type_name(related->from.type))
          .bind(11, std::string_view(related->type))
          .bind(12, std::string_view(related->type_group));
    }
  };

  RecordPage page;
  auto count = db_.prepare("SELECT COUNT(*)" + where);
  if (!count) return count.status();
  bind_filters(**count);
  auto counted = (*count)->step();
  if (!counted) return counted.status();
  page.total_elements = (*count)->column_int(0);
  count->reset();

  std::string order = std::string(sort_column(query.sort)) + (query.descending ? " DESC" : " ASC");
  auto select = db_.prepare("SELECT " + std::string(kRecordColumns) + where + " ORDER BY " + order +
                            ", id" + (query.descending ? " DESC" : " ASC") + " LIMIT ?7 OFFSET ?8");
  if (!select) return select.status();
  bind_filters(**select);
  (*select)
      ->bind(7, static_cast<std::int64_t>(query.page_size))
      .bind(8, static_cast<std::int64_t>(query.page) * query.page_size);
  for (;;) {
    auto row = (*select)->step();
    if (!row) return row.status();
    if (!*row) break;
    page.records.push_back(read_record(**select));
  }
  return page;
}

Status EntityOps::remove(RecordKind kind, const Uuid& id) {
  auto stmt = db_.prepare("DELETE FROM entity WHERE kind = ? AND id = ?");
  if (!stmt) return stmt.status();
  PS_RETURN_IF_ERROR((*stmt)->bind(1, static_cast<std::int64_t>(kind)).bind(2, id).run());
  if (db_.changes() == 0) return not_found("record " + id.to_string() + " not found");
  return Status::ok();
}

Status EntityOps::remove_tenant_records(const Uuid& tenant_id) {
  // The tenant's own record goes too, with the relations touching it. Matching relations by id
  // alone is enough: ids are random uuids, unique across kinds.
  static_assert(static_cast<int>(RecordKind::kTenant) == 1, "kind 1 is written in the SQL below");
  for (const char* sql : {"DELETE FROM relation WHERE from_id = ?1 OR to_id = ?1 "
                          "OR from_id IN (SELECT id FROM entity WHERE tenant_id = ?1) "
                          "OR to_id IN (SELECT id FROM entity WHERE tenant_id = ?1)",
                          "DELETE FROM entity WHERE tenant_id = ?1 OR (kind = 1 AND id = ?1)"}) {
    auto stmt = db_.prepare(sql);
    if (!stmt) return stmt.status();
    PS_RETURN_IF_ERROR((*stmt)->bind(1, tenant_id).run());
  }
  return Status::ok();
}

Status EntityOps::save_relation(const RelationRecord& relation) {
  auto stmt = db_.prepare(
      "INSERT OR REPLACE INTO relation (from_type, from_id, to_type, to_id, type, type_group, "
      "additional_info) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!stmt) return stmt.status();
  return (*stmt)
      ->bind(1, model::entity_type_name(relation.from.type))
      .bind(2, relation.from.id)
      .bind(3, model::entity_type_name(relation.to.type))
      .bind(4, relation.to.id)
      .bind(5, std::string_view(relation.type))
      .bind(6, std::string_view(relation.type_group))
      .bind(7, std::string_view(relation.additional_info))
      .run();
}

Status EntityOps::delete_relation(const RelationRecord& relation) {
  auto stmt = db_.prepare(
      "DELETE FROM relation WHERE from_type = ? AND from_id = ? AND to_type = ? AND to_id = ? "
      "AND type = ? AND type_group = ?");
  if (!stmt) return stmt.status();
  PS_RETURN_IF_ERROR((*stmt)
                         ->bind(1, model::entity_type_name(relation.from.type))
                         .bind(2, relation.from.id)
                         .bind(3, model::entity_type_name(relation.to.type))
                         .bind(4, relation.to.id)
                         .bind(5, std::string_view(relation.type))
                         .bind(6, std::string_view(relation.type_group))
                         .run());
  if (db_.changes() == 0) return not_found("Requested item wasn't found!");
  return Status::ok();
}

Status EntityOps::delete_relations_of(const model::EntityId& entity) {
  auto stmt = db_.prepare(
      "DELETE FROM relation WHERE (from_id = ?1 AND from_type = ?2) OR (to_id = ?1 AND to_type = "
      "?2)");
  if (!stmt) return stmt.status();
  return (*stmt)->bind(1, entity.id).bind(2, model::entity_type_name(entity.type)).run();
}

Result<std::vector<RelationRecord>> EntityOps::find_relations(const RelationQuery& query) {
  std::string sql =
      "SELECT from_type, from_id, to_type, to_id, type, type_group, additional_info FROM relation "
      "WHERE ";
  sql += query.outgoing ? "from_id = ?1 AND from_type = ?2" : "to_id = ?1 AND to_type = ?2";
  if (query.type) sql += " AND type = ?3";
  if (query.type_group) sql += " AND type_group = ?4";
  auto stmt = db_.prepare(sql);
  if (!stmt) return stmt.status();
  (*stmt)->bind(1, query.entity.id).bind(2, model::entity_type_name(query.entity.type));
  if (query.type) (*stmt)->bind(3, std::string_view(*query.type));
  if (query.type_group) (*stmt)->bind(4, std::string_view(*query.type_group));
  std::vector<RelationRecord> relations;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return row.status();
    if (!*row) return relations;
    auto relation = read_relation(**stmt);
    if (!relation) return relation.status();
    relations.push_back(std::move(*relation));
  }
}

Status EntityOps::transaction(const std::function<Status(EntityStore& store)>& work) {
  return work(*this);
}

}  // namespace pacificsoft::storage::sqlite
