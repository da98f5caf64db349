// Dashboards: a title and the UI's configuration JSON, kept verbatim. Unlike devices, a
// dashboard may be given to several customers: each assignment is a relation customer →
// dashboard ("Contains", group DASHBOARD), mirrored in the body's assignedCustomers.
#include <algorithm>

#include "entities/entity_service.h"
#include "entities/kinds.h"

namespace pacificsoft::entities {
namespace {

constexpr std::string_view kAssignmentType = "Contains";
constexpr std::string_view kAssignmentGroup = "DASHBOARD";

storage::RelationRecord assignment(const Uuid& customer_id, const Uuid& dashboard_id) {
  return {{model::EntityType::kCustomer, customer_id},
          {model::EntityType::kDashboard, dashboard_id},
          std::string(kAssignmentType),
          std::string(kAssignmentGroup),
          "null"};
}

bool lists_customer(const bj::value& entry, const std::string& customer_id) {
  const auto* object = entry.if_object();
  const auto* id = object ? json::get_object(*object, "customerId") : nullptr;
  return id != nullptr && json::get_string(*id, "id") == std::string_view(customer_id);
}

bj::array assigned_customers(const bj::object& body) {
  const auto* assigned = body.if_contains("assignedCustomers");
  return assigned != nullptr && assigned->is_array() ? assigned->get_array() : bj::array();
}

class DashboardKind final : public EntityKind {
 public:
  const KindInfo& info() const override {
    static const KindInfo kInfo{storage::RecordKind::kDashboard, model::EntityType::kDashboard,
                                "Dashboard", "title", AccessModel::kCustomerAssignable};
    return kInfo;
  }

  Status prepare(SaveContext& context) const override {
    const auto* configuration = context.body.if_contains("configuration");
    if (configuration != nullptr && !configuration->is_null() && !configuration->is_object()) {
      return invalid_argument("Dashboard configuration should be a JSON object!");
    }
    for (const char* field : {"configuration", "image"}) {
      if (!context.body.contains(field)) context.body[field] = nullptr;
    }
    if (!context.body.contains("mobileHide")) context.body["mobileHide"] = false;
    // Assignments only change through assign() and unassign().
    bj::array assigned;
    if (context.existing != nullptr) {
      auto stored = record_json(*context.existing);
      if (!stored) return stored.status();
      assigned = assigned_customers(*stored);
    }
    context.body["assignedCustomers"] = std::move(assigned);
    return Status::ok();
  }

  Status assign(AssignContext& context) const override {
    const auto& customer = *context.customer;
    PS_RETURN_IF_ERROR(context.store.save_relation(assignment(customer.id, context.record.id)));
    bj::array assigned = assigned_customers(context.body);
    std::string customer_id = customer.id.to_string();
    if (std::none_of(assigned.begin(), assigned.end(),
                     [&](const bj::value& entry) { return lists_customer(entry, customer_id); })) {
      assigned.push_back(bj::object{
          {"customerId", model::entity_id_json(model::EntityType::kCustomer, customer.id)},
          {"title", customer.name},
          {"public", false}});
    }
    context.body["assignedCustomers"] = std::move(assigned);
    return Status::ok();
  }

  Status unassign(AssignContext& context) const override {
    if (context.customer == nullptr) return invalid_argument("Customer id should be specified!");
    Status removed =
        context.store.delete_relation(assignment(context.customer->id, context.record.id));
    if (!removed && removed.code() != ErrorCode::kNotFound) return removed;
    bj::array assigned = assigned_customers(context.body);
    std::string customer_id = context.customer->id.to_string();
    bj::array kept;
    for (auto& entry : assigned) {
      if (!lists_customer(entry, customer_id)) kept.push_back(std::move(entry));
    }
    context.body["assignedCustomers"] = std::move(kept);
    return Status::ok();
  }

  void filter_by_customer(storage::RecordQuery& query, const Uuid& customer_id) const override {
    query.related_from = storage::RelatedFrom{{model::EntityType::kCustomer, customer_id},
                                              std::string(kAssignmentType),
                                              std::string(kAssignmentGroup)};
  }

  bool can_read(const auth::SecurityUser& user,
                const storage::EntityRecord& record) const override {
    if (user.tenant_id != record.tenant_id || user.is_sys_admin()) return false;
    if (user.is_tenant_admin()) return true;
    auto body = record_json(record);
    if (!body || user.customer_id.is_null()) return false;
    auto assigned = assigned_customers(*body);
    std::string customer_id = user.customer_id.to_string();
    return std::any_of(assigned.begin(), assigned.end(),
                       [&](const bj::value& entry) { return lists_customer(entry, customer_id); });
  }
};

}  // namespace

std::unique_ptr<EntityKind> make_dashboard_kind() { return std::make_unique<DashboardKind>(); }

}  // namespace pacificsoft::entities
