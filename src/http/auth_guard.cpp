#include "http/auth_guard.hpp"

#include "http/error_mapping.hpp"

namespace kartoteka::http {
namespace {

std::string_view trim_spaces(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

bool is_unsafe(Method method) {
    return method == Method::Post || method == Method::Put || method == Method::Patch || method == Method::Delete;
}

Response unauthenticated(std::string_view detail) {
    return error_response(Error{ErrorCode::Unauthenticated, std::string(detail)});
}

}  // namespace

std::string_view find_cookie(std::string_view cookie_header, std::string_view name) {
    while (!cookie_header.empty()) {
        const auto semicolon = cookie_header.find(';');
        const auto pair = trim_spaces(cookie_header.substr(0, semicolon));
        cookie_header = semicolon == std::string_view::npos ? std::string_view{} : cookie_header.substr(semicolon + 1);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
            return pair.substr(eq + 1);
        }
    }
    return {};
}

Guard make_auth_guard(auth::AuthService& auth) {
    return [&auth](Request& request) -> std::optional<Response> {
        constexpr std::string_view kBearer = "Bearer ";
        if (!request.authorization.empty()) {
            const std::string_view header = request.authorization;
            if (!header.starts_with(kBearer)) {
                return unauthenticated("the Authorization header must be \"Bearer <token>\"");
            }
            auto principal = auth.authenticate_bearer(std::string(trim_spaces(header.substr(kBearer.size()))));
            if (!principal) {
                return unauthenticated("invalid or expired bearer token");
            }
            request.principal = std::move(*principal);
            return std::nullopt;
        }
        const auto session_token = find_cookie(request.cookie, kSessionCookie);
        if (session_token.empty()) {
            return unauthenticated("log in or send a bearer token");
        }
        auto principal = auth.authenticate_session(std::string(session_token));
        if (!principal) {
            return unauthenticated("the session has expired; log in again");
        }
        if (is_unsafe(request.method) &&
            (request.csrf_token.empty() || !auth::secrets_equal(request.csrf_token, principal->csrf_token))) {
            return error_response(Error{ErrorCode::PermissionDenied, "missing or wrong X-CSRF-Token header"});
        }
        request.session_token = std::string(session_token);
        request.principal = std::move(*principal);
        return std::nullopt;
    };
}

}  // namespace kartoteka::http
