#include "http/handlers/system_handler.hpp"

#include "http/error_mapping.hpp"
#include "http/json/json_io.hpp"
#include "http/openapi.hpp"

namespace kartoteka::http {

Response SystemHandler::health(Request& /*request*/) {
    if (auto reachable = store_.ping(); !reachable) {
        return error_response(Error{ErrorCode::Unavailable, "the store does not answer"});
    }
    Response response;
    response.content_type = "application/json";
    response.body = R"({"status":"ok"})";
    response.set_header("Cache-Control", "no-store");
    return response;
}

Response SystemHandler::openapi(Request& /*request*/) {
    Response response;
    response.content_type = "application/json";
    response.body = std::string(openapi_document());
    return response;
}

Response SystemHandler::list_users(Request& /*request*/) {
    auto users = users_.list();
    if (!users) {
        return error_response(users.error());
    }
    nlohmann::json items = nlohmann::json::array();
    for (const auto& user : *users) {
        items.push_back({
            {"id", user.id},
            {"username", user.username},
            {"display_name", user.display_name},
            {"active", !user.deactivated_at},
        });
    }
    return json::json_response(200, nlohmann::json{{"items", std::move(items)}});
}

}  // namespace kartoteka::http
