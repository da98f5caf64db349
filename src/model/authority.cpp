// Authority names.
#include "model/authority.h"

namespace pacificsoft::model {

std::string_view authority_name(Authority authority) {
  switch (authority) {
    case Authority::kSysAdmin:
      return "SYS_ADMIN";
    case Authority::kTenantAdmin:
      return "TENANT_ADMIN";
    case Authority::kCustomerUser:
      return "CUSTOMER_USER";
  }
  return "UNKNOWN";
}

std::optional<Authority> parse_authority(std::string_view name) {
  for (auto authority : {Authority::kSysAdmin, Authority::kTenantAdmin, Authority::kCustomerUser}) {
    if (authority_name(authority) == name) return authority;
  }
  return std::nullopt;
}

}  // namespace pacificsoft::model
