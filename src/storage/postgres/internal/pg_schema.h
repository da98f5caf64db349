// Schema creation and upgrade in a PostgreSQL database, as docs/formats/entity_store_postgres.md
// describes: a schema_version row per schema, one transaction per step, an advisory lock.
#pragma once

#include <string_view>
#include <vector>

#include "storage/postgres/pg_connection.h"

namespace pacificsoft::storage::postgres {

// Brings `schema` to steps.size(): step i (1-based) takes it from version i-1 to i. Safe when
// several processes start together. InvalidArgument when the database is newer than `steps`.
Status migrate(PgConnection& conn, std::string_view schema, const std::vector<const char*>& steps);

}  // namespace pacificsoft::storage::postgres
