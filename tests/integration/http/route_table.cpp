#include "route_table.hpp"

#include <memory>
#include <stdexcept>

#include "auth/auth_service.hpp"
#include "domain/customer_service.hpp"
#include "domain/note_service.hpp"
#include "http/api_routes.hpp"
#include "store/store.hpp"
#include "test_server.hpp"

namespace kartoteka::api_test {

std::vector<http::RouteInfo> real_route_table() {
    const TempDir data;
    auto store = store::open_sqlite_store(store::StoreOptions{.data_dir = data.path()});
    if (!store) {
        throw std::runtime_error("cannot open a store for the route table: " + store.error().message);
    }
    auth::AuthService auth((*store)->users(), (*store)->sessions(), (*store)->api_tokens());
    domain::CustomerService customers((*store)->customers(), (*store)->users());
    domain::NoteService notes((*store)->notes());
    http::Api api(http::ApiServices{.auth = auth, .customers = customers, .notes = notes, .store = **store});
    http::Router router;
    api.register_routes(router);
    return router.routes();
}

}  // namespace kartoteka::api_test
