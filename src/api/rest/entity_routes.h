// Route builders shared by the entity controllers: save / get / delete by id, paged lists and
// customer assignment all look alike across entity families.
#pragma once

#include <functional>
#include <string_view>

#include "api/rest/rest_context.h"

namespace pacificsoft::api {

// POST save_path (create or update), GET and DELETE item_path, whose id segment is {id}.
void add_entity_routes(net::Router& router, RestServices& services, storage::RecordKind kind,
                       std::string_view save_path, std::string_view item_path);

using FilterReader = std::function<Result<entities::ListFilter>(const RestRequest&)>;
// GET path answering a page; `filter` narrows it from the path and query (optional).
void add_list_route(net::Router& router, RestServices& services, storage::RecordKind kind,
                    std::string_view path, Allowed allowed, FilterReader filter = {});
// As add_list_route(), for /customer/{customerId}/... lists.
void add_customer_list_route(net::Router& router, RestServices& services, storage::RecordKind kind,
                             std::string_view path, Allowed allowed);

// POST /api/customer/{customerId}/<segment>/{id} and DELETE unassign_path ({id}).
void add_assignment_routes(net::Router& router, RestServices& services, storage::RecordKind kind,
                           std::string_view segment, std::string_view unassign_path);

// GET path?<name_param>=X answering one entity of the caller's tenant by its unique name,
// or, without the parameter, the page of `kind` narrowed by the `type` query parameter.
// Tenant administrators only.
void add_tenant_list_or_by_name_route(net::Router& router, RestServices& services,
                                      storage::RecordKind kind, std::string_view path,
                                      std::string_view name_param);

}  // namespace pacificsoft::api
