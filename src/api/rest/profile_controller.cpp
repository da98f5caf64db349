// Device profiles and asset profiles: the same routes under two names.
#include "api/rest/controllers.h"
#include "api/rest/entity_routes.h"
#include "entities/unique_flag.h"

namespace pacificsoft::api {
namespace {

void add_profile_routes(net::Router& router, RestServices& services, storage::RecordKind kind,
                        const std::string& singular, const std::string& plural) {
  add_entity_routes(router, services, kind, "/api/" + singular, "/api/" + singular + "/{id}");
  add_list_route(router, services, kind, "/api/" + plural, Allowed::kTenantAdmin);
  add_list_route(router, services, kind, "/api/" + singular + "Infos", Allowed::kTenantUsers);
  router.add(net::Method::kPost, "/api/" + singular + "/{id}/default",
             authenticated(services, [&services, kind](const RestRequest& request) {
               auto id = request.path_id("id");
               if (!id) return Result<net::HttpResponse>(id.status());
               return object_response(
                   entities::move_flag(services.entities, request.user, kind, *id, "default"));
             }));
  router.add(net::Method::kGet, "/api/" + singular + "Info/default",
             authenticated(services, [&services, kind](const RestRequest& request) {
               auto found = entities::find_flagged(services.entities, kind, request.user.tenant_id,
                                                   "default");
               if (!found) return Result<net::HttpResponse>(found.status());
               return object_response(services.entities.get(request.user, kind, found->id));
             }));
}

}  // namespace

void register_profile_routes(net::Router& router, RestServices& services) {
  add_profile_routes(router, services, storage::RecordKind::kDeviceProfile, "deviceProfile",
                     "deviceProfiles");
  add_profile_routes(router, services, storage::RecordKind::kAssetProfile, "assetProfile",
                     "assetProfiles");
}

}  // namespace pacificsoft::api
