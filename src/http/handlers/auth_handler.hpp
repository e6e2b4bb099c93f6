#pragma once

#include "auth/auth_service.hpp"
#include "http/message.hpp"

namespace kartoteka::http {

/// Login, logout, the current user and API tokens.
class AuthHandler {
public:
    explicit AuthHandler(auth::AuthService& auth) : auth_(auth) {}

    Response login(Request& request);
    Response logout(Request& request);
    Response me(Request& request);
    Response create_token(Request& request);

private:
    auth::AuthService& auth_;
};

}  // namespace kartoteka::http
