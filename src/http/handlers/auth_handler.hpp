#pragma once

#include "auth/auth_service.hpp"
#include "http/message.hpp"

namespace kartoteka::http {

/// Login, logout, the current user and API tokens.
class AuthHandler {
public:
    /// secure_cookies: mark the session cookie Secure (the server sits behind a TLS proxy).
    AuthHandler(auth::AuthService& auth, bool secure_cookies) : auth_(auth), secure_cookies_(secure_cookies) {}

    Response login(Request& request);
    Response logout(Request& request);
    Response me(Request& request);
    Response create_token(Request& request);

private:
    auth::AuthService& auth_;
    bool secure_cookies_;
};

}  // namespace kartoteka::http
