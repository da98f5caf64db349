// Users: the system administrator creates tenant administrators, a tenant administrator creates
// its tenant's administrators and customer users. Emails are unique over the whole platform.
// Record layout: name = email, unique_key = lower-cased email, type = authority name.
#include <algorithm>

#include "common/text.h"
#include "entities/entity_service.h"
#include "entities/kinds.h"

namespace pacificsoft::entities {
namespace {

using model::Authority;

// Control characters (U+0000..U+001F) in what a user's token carries (email and names): the JWT
// library refuses a NUL, and none belongs in a name or an address.
bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

bool plausible_email(std::string_view email) {
  if (has_control_character(email)) return false;
  auto at = email.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < email.size() &&
         email.find(' ') == std::string_view::npos &&
         email.find('@', at + 1) == std::string_view::npos;
}

std::optional<Uuid> id_field(const bj::object& body, std::string_view field) {
  const auto* value = body.if_contains(field);
  if (value == nullptr) return std::nullopt;
  auto id = model::parse_entity_id(*value);
  if (!id || id->id.is_null()) return std::nullopt;
  return id->id;
}

class UserKind final : public EntityKind {
 public:
  explicit UserKind(auth::AuthService& auth) : auth_(auth) {}

  const KindInfo& info() const override {
    static const KindInfo kInfo{storage::RecordKind::kUser, model::EntityType::kUser, "User",
                                "email"};
    return kInfo;
  }

  Status prepare(SaveContext& context) const override {
    auto& record = context.record;
    if (!plausible_email(record.name)) {
      return invalid_argument("Invalid email address format '" + record.name + "'!");
    }
    for (std::string_view field : {"firstName", "lastName"}) {
      if (has_control_character(json::get_string(context.body, field).value_or(""))) {
        return invalid_argument("User " + std::string(field) +
                                " should not contain control characters!");
      }
    }
    record.unique_key = lower_ascii(record.name);
    auto authority =
        model::parse_authority(json::get_string(context.body, "authority").value_or(""));
    if (!authority) return invalid_argument("User authority should be specified!");
    if (context.existing != nullptr) {
      if (context.existing->type != model::authority_name(*authority)) {
        return invalid_argument("User authority can't be changed!");
      }
    } else {
      PS_RETURN_IF_ERROR(place_new_user(context, *authority));
    }
    record.type = std::string(model::authority_name(*authority));
    context.body["authority"] = record.type;
    return Status::ok();
  }

  Status after_create(SaveContext& context) const override {
    auto token = auth_.create_credentials(context.store, context.record.id);
    return token.status();
  }

  Status before_remove(RemoveContext& context) const override {
    if (context.record.id == context.user.user_id) {
      return invalid_argument("It is not allowed to delete its own user!");
    }
    auto credentials = context.store.find_by_unique_key(storage::RecordKind::kUserCredentials,
                                                        context.record.id.to_string());
    if (!credentials) return credentials.status();
    if (!credentials->has_value()) return Status::ok();
    return context.store.remove(storage::RecordKind::kUserCredentials, (*credentials)->id);
  }

  bool can_read(const auth::SecurityUser& user,
                const storage::EntityRecord& record) const override {
    if (record.id == user.user_id) return true;
    if (user.is_customer_user()) {
      return record.tenant_id == user.tenant_id && record.customer_id == user.customer_id;
    }
    // The system administrator manages administrators: its own kind and tenant administrators.
    if (user.is_sys_admin()) return record.type != model::authority_name(Authority::kCustomerUser);
    return user.is_tenant_admin() && record.tenant_id == user.tenant_id;
  }

  bool can_write(const auth::SecurityUser& user,
                 const storage::EntityRecord& record) const override {
    return record.id == user.user_id || (!user.is_customer_user() && can_read(user, record));
  }

  // Every authority lists users: narrow_query() keeps each to what it may read.
  bool can_list(const auth::SecurityUser&) const override { return true; }

  Status narrow_query(const auth::SecurityUser& user, storage::RecordQuery& query) const override {
    if (user.is_sys_admin()) {
      // The system administrator lists one tenant's administrators at a time.
      if (!query.tenant_id || query.tenant_id->is_null()) return permission_denied();
      query.type = std::string(model::authority_name(Authority::kTenantAdmin));
      return Status::ok();
    }
    if (user.is_customer_user()) query.customer_id = user.customer_id;
    return EntityKind::narrow_query(user, query);
  }

 private:
  // Sets the tenant and customer of a new user from the creator's rights and the body.
  static Status place_new_user(SaveContext& context, Authority authority) {
    const auth::SecurityUser& creator = context.user;
    auto& record = context.record;
    switch (authority) {
      case Authority::kSysAdmin:
        return creator.is_sys_admin() ? Status::ok() : permission_denied();
      case Authority::kTenantAdmin: {
        if (creator.is_tenant_admin()) return Status::ok();  // record.tenant_id is the creator's
        if (!creator.is_sys_admin()) return permission_denied();
        auto tenant_id = id_field(context.body, "tenantId");
        if (!tenant_id) return invalid_argument("Tenant id should be specified!");
        auto tenant = context.store.get(storage::RecordKind::kTenant, *tenant_id);
        if (!tenant) return tenant.status();
        if (!tenant->has_value())
          return not_found("Tenant with id " + tenant_id->to_string() + " not found");
        record.tenant_id = *tenant_id;
        return Status::ok();
      }
      case Authority::kCustomerUser: {
        if (!creator.is_tenant_admin()) return permission_denied();
        auto customer_id = id_field(context.body, "customerId");
        if (!customer_id) return invalid_argument("Customer id should be specified!");
        auto customer = context.store.get(storage::RecordKind::kCustomer, *customer_id);
        if (!customer) return customer.status();
        if (!customer->has_value() || (*customer)->tenant_id != creator.tenant_id) {
          return not_found("Customer with id " + customer_id->to_string() + " not found");
        }
        record.customer_id = *customer_id;
        return Status::ok();
      }
    }
    return permission_denied();
  }

  auth::AuthService& auth_;
};

}  // namespace

std::unique_ptr<EntityKind> make_user_kind(auth::AuthService& auth) {
  return std::make_unique<UserKind>(auth);
}

}  // namespace pacificsoft::entities
