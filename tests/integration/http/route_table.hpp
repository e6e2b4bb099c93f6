#pragma once

#include <vector>

#include "http/router.hpp"

namespace kartoteka::api_test {

/// The route table the server registers (http::Api::register_routes), built on a throwaway store.
std::vector<http::RouteInfo> real_route_table();

}  // namespace kartoteka::api_test
