// User authorities of the reference platform, from the most to the least privileged.
#pragma once

#include <optional>
#include <string_view>

namespace pacificsoft::model {

enum class Authority { kSysAdmin, kTenantAdmin, kCustomerUser };

// "SYS_ADMIN", "TENANT_ADMIN", "CUSTOMER_USER".
std::string_view authority_name(Authority authority);
std::optional<Authority> parse_authority(std::string_view name);

}  // namespace pacificsoft::model
