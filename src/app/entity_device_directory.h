// The transports' DeviceDirectory on the entity services: gateway children are ordinary devices
// of the gateway's tenant, created the way a tenant administrator would create them.
#pragma once

#include <mutex>

#include "entities/entity_service.h"
#include "entities/relation_service.h"
#include "transport/device_directory.h"

namespace pacificsoft::app {

// Thread-safe.
class EntityDeviceDirectory final : public transport::DeviceDirectory {
 public:
  EntityDeviceDirectory(entities::EntityService& entities, entities::RelationService& relations,
                        const auth::DeviceAuth& auth)
      : entities_(entities), relations_(relations), auth_(auth) {}

  Result<auth::DeviceIdentity> gateway_child(const auth::DeviceIdentity& gateway,
                                             std::string_view name, std::string_view type) override;

 private:
  entities::EntityService& entities_;
  entities::RelationService& relations_;
  const auth::DeviceAuth& auth_;
  std::mutex create_mutex_;  // one creation at a time, so a name seen twice creates one device
};

}  // namespace pacificsoft::app
