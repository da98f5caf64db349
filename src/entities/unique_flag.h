// A boolean field that exactly one record of a kind holds per tenant: the default device or
// asset profile ("default"), the root rule chain ("root").
#pragma once

#include <string_view>

#include "auth/security_user.h"
#include "entities/entity_service.h"

namespace pacificsoft::entities {

// The tenant's record of `kind` whose body has `flag` set; NotFound when none has. No caller's
// permissions: the caller answers for the tenant.
Result<storage::EntityRecord> find_flagged(storage::EntityStore& store, storage::RecordKind kind,
                                           const Uuid& tenant_id, std::string_view flag);
Result<storage::EntityRecord> find_flagged(EntityService& service, storage::RecordKind kind,
                                           const Uuid& tenant_id, std::string_view flag);
// Whether a stored record's body has `flag` set.
bool has_flag(const storage::EntityRecord& record, std::string_view flag);
// Sets `flag` on one record and clears it on the record that held it, atomically.
Result<bj::object> move_flag(EntityService& service, const auth::SecurityUser& user,
                             storage::RecordKind kind, const Uuid& id, std::string_view flag);

}  // namespace pacificsoft::entities
