#pragma once

#include "domain/actor.hpp"
#include "http/message.hpp"

namespace kartoteka::http {

/// The actor of an authenticated request: the user and whether they came through the web UI (a session)
/// or an API token (recorded by name in the history).
inline domain::Actor actor_of(const Request& request) {
    const auto& principal = *request.principal;
    if (principal.via_session) {
        return domain::Actor::web(principal.user.id);
    }
    return domain::Actor::api_token(principal.user.id, principal.api_token_name);
}

}  // namespace kartoteka::http
