#pragma once

#include "domain/repositories.hpp"
#include "http/message.hpp"
#include "store/store.hpp"

namespace kartoteka::http {

/// Health check, the OpenAPI document and the user directory (for the owner filter in the UI).
class SystemHandler {
public:
    SystemHandler(store::Store& store, domain::UserRepository& users) : store_(store), users_(users) {}

    Response health(Request& request);
    Response openapi(Request& request);
    Response list_users(Request& request);

private:
    store::Store& store_;
    domain::UserRepository& users_;
};

}  // namespace kartoteka::http
