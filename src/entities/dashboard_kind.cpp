// Dashboards: a title and the UI's configuration JSON, kept verbatim; assignable to a customer.
#include "entities/entity_service.h"
#include "entities/kinds.h"

namespace pacificsoft::entities {
namespace {

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
    return Status::ok();
  }
};

}  // namespace

std::unique_ptr<EntityKind> make_dashboard_kind() { return std::make_unique<DashboardKind>(); }

}  // namespace pacificsoft::entities
