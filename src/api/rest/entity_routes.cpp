// Generic entity routes.
#include "api/rest/entity_routes.h"

namespace pacificsoft::api {

using net::Method;
using storage::RecordKind;

void add_entity_routes(net::Router& router, RestServices& services, RecordKind kind,
                       std::string_view save_path, std::string_view item_path) {
  router.add(
      Method::kPost, save_path,
      authenticated(services, [&services, kind](const RestRequest& request) {
        auto body = request.json_body();
        if (!body) return Result<net::HttpResponse>(body.status());
        std::string token = request.query("accessToken").value_or("");
        return object_response(services.entities.save(request.user, kind, std::move(*body), token));
      }));
  router.add(Method::kGet, item_path,
             authenticated(services, [&services, kind](const RestRequest& request) {
               auto id = request.path_id("id");
               if (!id) return Result<net::HttpResponse>(id.status());
               return object_response(services.entities.get(request.user, kind, *id));
             }));
  router.add(Method::kDelete, item_path,
             authenticated(services, [&services, kind](const RestRequest& request) {
               auto id = request.path_id("id");
               if (!id) return Result<net::HttpResponse>(id.status());
               return status_response(services.entities.remove(request.user, kind, *id));
             }));
}

void add_list_route(net::Router& router, RestServices& services, RecordKind kind,
                    std::string_view path, Allowed allowed, FilterReader filter) {
  router.add(
      Method::kGet, path,
      authenticated(
          services,
          [&services, kind, filter = std::move(filter)](const RestRequest& request) {
            auto link = request.page_link();
            if (!link) return Result<net::HttpResponse>(link.status());
            entities::ListFilter narrowed;
            if (filter) {
              auto read = filter(request);
              if (!read) return Result<net::HttpResponse>(read.status());
              narrowed = std::move(*read);
            }
            return page_response(services.entities.list(request.user, kind, narrowed, *link));
          },
          allowed));
}

void add_customer_list_route(net::Router& router, RestServices& services, RecordKind kind,
                             std::string_view path, Allowed allowed) {
  add_list_route(router, services, kind, path, allowed,
                 [&services](const RestRequest& request) -> Result<entities::ListFilter> {
                   auto customer_id = request.path_id("customerId");
                   if (!customer_id) return customer_id.status();
                   auto customer = services.entities.get_record(request.user, RecordKind::kCustomer,
                                                                *customer_id);
                   if (!customer) return customer.status();
                   entities::ListFilter filter;
                   filter.customer_id = *customer_id;
                   filter.type = request.query("type");
                   return filter;
                 });
}

void add_assignment_routes(net::Router& router, RestServices& services, RecordKind kind,
                           std::string_view segment, std::string_view unassign_path) {
  std::string assign_path = "/api/customer/{customerId}/" + std::string(segment) + "/{id}";
  router.add(Method::kPost, assign_path,
             authenticated(services, [&services, kind](const RestRequest& request) {
               auto customer_id = request.path_id("customerId");
               if (!customer_id) return Result<net::HttpResponse>(customer_id.status());
               auto id = request.path_id("id");
               if (!id) return Result<net::HttpResponse>(id.status());
               return object_response(
                   services.entities.assign_to_customer(request.user, kind, *id, *customer_id));
             }));
  router.add(Method::kDelete, unassign_path,
             authenticated(services, [&services, kind](const RestRequest& request) {
               auto id = request.path_id("id");
               if (!id) return Result<net::HttpResponse>(id.status());
               // Kinds with several customers name the one to drop in the path.
               std::optional<Uuid> customer_id;
               if (!request.params.get("customerId").empty()) {
                 auto parsed = request.path_id("customerId");
                 if (!parsed) return Result<net::HttpResponse>(parsed.status());
                 customer_id = *parsed;
               }
               return object_response(
                   services.entities.unassign_from_customer(request.user, kind, *id, customer_id));
             }));
}

void add_tenant_list_or_by_name_route(net::Router& router, RestServices& services, RecordKind kind,
                                      std::string_view path, std::string_view name_param) {
  router.add(
      Method::kGet, path,
      authenticated(
          services,
          [&services, kind, name_param = std::string(name_param)](const RestRequest& request) {
            if (auto name = request.query(name_param)) {
              return object_response(services.entities.find_by_name(request.user, kind, *name));
            }
            auto link = request.page_link();
            if (!link) return Result<net::HttpResponse>(link.status());
            entities::ListFilter filter;
            if (auto type = request.query("type"); type && !type->empty()) filter.type = type;
            return page_response(services.entities.list(request.user, kind, filter, *link));
          },
          Allowed::kTenantAdmin));
}

}  // namespace pacificsoft::api
