// Factories of the entity kinds, registered with EntityService by app/.
#pragma once

#include <memory>

#include "auth/auth_service.h"
#include "entities/entity_kind.h"

namespace pacificsoft::entities {

std::unique_ptr<EntityKind> make_tenant_kind();
std::unique_ptr<EntityKind> make_customer_kind();
std::unique_ptr<EntityKind> make_user_kind(auth::AuthService& auth);
std::unique_ptr<EntityKind> make_device_profile_kind();
std::unique_ptr<EntityKind> make_asset_profile_kind();
std::unique_ptr<EntityKind> make_device_kind();
std::unique_ptr<EntityKind> make_asset_kind();
std::unique_ptr<EntityKind> make_dashboard_kind();
std::unique_ptr<EntityKind> make_rule_chain_kind();

}  // namespace pacificsoft::entities
