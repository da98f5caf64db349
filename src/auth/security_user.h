// The authenticated caller of a REST or WebSocket request, as carried in its access token.
#pragma once

#include <cstdint>
#include <string>

#include "common/uuid.h"
#include "model/authority.h"

namespace pacificsoft::auth {

struct SecurityUser {
  Uuid user_id;
  std::string email;
  model::Authority authority = model::Authority::kCustomerUser;
  Uuid tenant_id;    // all-zero for the system administrator
  Uuid customer_id;  // all-zero unless a customer user
  std::string first_name;
  std::string last_name;
  bool enabled = true;
  // The login this token belongs to (kept over refreshes) and when the token was issued; tokens
  // are checked against logouts and password changes with them.
  std::string session_id;
  std::int64_t issued_at_ms = 0;

  bool is_sys_admin() const { return authority == model::Authority::kSysAdmin; }
  bool is_tenant_admin() const { return authority == model::Authority::kTenantAdmin; }
  bool is_customer_user() const { return authority == model::Authority::kCustomerUser; }
};

}  // namespace pacificsoft::auth
