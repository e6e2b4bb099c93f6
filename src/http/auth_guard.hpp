#pragma once

#include <string_view>

#include "auth/auth_service.hpp"
#include "http/router.hpp"

namespace kartoteka::http {

inline constexpr std::string_view kSessionCookie = "kt_session";

/// The value of one cookie from a Cookie header, or empty.
std::string_view find_cookie(std::string_view cookie_header, std::string_view name);

/// Authentication for every protected route: a session cookie or `Authorization: Bearer`; 401 otherwise.
/// Cookie-authenticated unsafe methods must carry X-CSRF-Token equal to the session's token (403).
Guard make_auth_guard(auth::AuthService& auth);

}  // namespace kartoteka::http
