// First start on empty storage: the system administrator and, when asked, the demo tenant with
// its admin, a customer with its user, and a few devices. Runs once; a marker record remembers.
#pragma once

#include "auth/auth_service.h"
#include "entities/entity_service.h"

namespace pacificsoft::entities {

struct InstallOptions {
  bool load_demo = true;
};

// Returns ok without doing anything when the storage was installed before.
Status install_if_empty(EntityService& entities, auth::AuthService& auth,
                        const InstallOptions& options);

}  // namespace pacificsoft::entities
