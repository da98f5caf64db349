// The transports' DeviceDirectory on the entity services: gateway children are ordinary devices
// of the gateway's tenant, created the way a tenant administrator would create them.
#pragma once

#include <mutex>

#include "entities/device_provisioning.h"
#include "entities/entity_service.h"
#include "entities/relation_service.h"
#include "transport/device_directory.h"

namespace pacificsoft::app {

// Thread-safe.
class EntityDeviceDirectory final : public transport::DeviceDirectory {
 public:
  EntityDeviceDirectory(entities::EntityService& entities, entities::RelationService& relations,
                        entities::DeviceProvisioning& provisioning, const auth::DeviceAuth& auth)
      : entities_(entities), relations_(relations), provisioning_(provisioning), auth_(auth) {}

  // Both answer before they return: the store is in this process.
  void gateway_child(const auth::DeviceIdentity& gateway, std::string_view name,
                     std::string_view type, auth::IdentityDone done) override {
    done(find_or_create_child(gateway, name, type));
  }
  void provision(std::string_view request_json, transport::Provisioned done) override {
    done(provisioning_.provision(request_json));
  }

 private:
  Result<auth::DeviceIdentity> find_or_create_child(const auth::DeviceIdentity& gateway,
                                                    std::string_view name, std::string_view type);

  entities::EntityService& entities_;
  entities::RelationService& relations_;
  entities::DeviceProvisioning& provisioning_;
  const auth::DeviceAuth& auth_;
  std::mutex create_mutex_;  // one creation at a time, so a name seen twice creates one device
};

}  // namespace pacificsoft::app
