#include "http/handlers/auth_handler.hpp"

#include <algorithm>

#include "domain/customer_service.hpp"
#include "http/auth_guard.hpp"
#include "http/error_mapping.hpp"
#include "http/json/customer_json.hpp"
#include "http/json/json_io.hpp"

namespace kartoteka::http {
namespace {

std::string session_cookie(std::string_view value, std::int64_t max_age_seconds, bool secure) {
    std::string cookie(kSessionCookie);
    cookie += '=';
    cookie += value;
    cookie += "; HttpOnly; SameSite=Strict; Path=/; Max-Age=";
    cookie += std::to_string(max_age_seconds);
    if (secure) {
        cookie += "; Secure";
    }
    return cookie;
}

Result<std::string> required_string(const nlohmann::json& document, const char* field) {
    const auto found = document.find(field);
    if (found == document.end() || !found->is_string()) {
        return fail(Error::invalid_field(field, "required string"));
    }
    return found->get<std::string>();
}

}  // namespace

Response AuthHandler::login(Request& request) {
    auto document = json::parse_json_object(request.body);
    if (!document) {
        return error_response(document.error());
    }
    FieldErrors errors;
    for (const auto& [key, value] : document->items()) {
        if (key != "username" && key != "password") {
            errors[key] = "unknown field";
        }
    }
    auto username = required_string(*document, "username");
    auto password = required_string(*document, "password");
    if (!username) {
        errors.insert(username.error().field_errors.begin(), username.error().field_errors.end());
    }
    if (!password) {
        errors.insert(password.error().field_errors.begin(), password.error().field_errors.end());
    }
    if (!errors.empty()) {
        return error_response(Error::invalid("username and password are required", std::move(errors)));
    }
    auto login = auth_.login(*username, *password);
    if (!login) {
        auto response = error_response(login.error());
        if (login.error().code == ErrorCode::Unavailable) {
            // Password checks are saturated; one hash takes ~0.2 s, so a second is a fair retry interval.
            response.set_header("Retry-After", "1");
        }
        return response;
    }
    const auto max_age = std::max<std::int64_t>(0, (login->expires_at - domain::system_now_ms()) / 1000);
    auto response = json::json_response(
        200, nlohmann::json{{"csrf_token", login->csrf_token}, {"user", json::to_json(login->user)}}
    );
    response.set_header("Set-Cookie", session_cookie(login->session_token, max_age, secure_cookies_));
    response.set_header("Cache-Control", "no-store");
    return response;
}

Response AuthHandler::logout(Request& request) {
    if (!request.session_token.empty()) {
        if (auto done = auth_.logout(request.session_token); !done) {
            return error_response(done.error());
        }
    }
    Response response;
    response.status = 204;
    response.set_header("Set-Cookie", session_cookie("", 0, secure_cookies_));
    return response;
}

Response AuthHandler::me(Request& request) {
    nlohmann::json body{{"user", json::to_json(request.principal->user)}};
    if (request.principal->via_session) {
        body["csrf_token"] = request.principal->csrf_token;
    }
    auto response = json::json_response(200, body);
    response.set_header("Cache-Control", "no-store");
    return response;
}

Response AuthHandler::create_token(Request& request) {
    auto document = json::parse_json_object(request.body);
    if (!document) {
        return error_response(document.error());
    }
    FieldErrors errors;
    for (const auto& [key, value] : document->items()) {
        if (key != "name") {
            errors[key] = "unknown field";
        }
    }
    auto name = required_string(*document, "name");
    if (!name) {
        errors.insert(name.error().field_errors.begin(), name.error().field_errors.end());
    } else if (name->empty()) {
        errors["name"] = "must not be empty";
    }
    if (!errors.empty()) {
        return error_response(Error::invalid("a token needs a name", std::move(errors)));
    }
    auto token = auth_.create_api_token(request.principal->user.id, *name);
    if (!token) {
        return error_response(token.error());
    }
    auto response = json::json_response(201, nlohmann::json{{"token", *token}, {"name", *name}});
    response.set_header("Cache-Control", "no-store");
    return response;
}

}  // namespace kartoteka::http
