#pragma once

#include <string>

#include "domain/customer.hpp"

namespace kartoteka::domain {

/// The channel a change came through, recorded in the history next to who made it.
enum class Channel { Web, ApiToken, Import, Cli };

const char* to_string(Channel channel);

/// Who is making a change and through what: every write that the history records takes one.
struct Actor {
    std::optional<UserId> user_id = std::nullopt;  // nullopt only for the CLI and system jobs
    Channel channel = Channel::Web;
    std::string detail = {};  // the API token's name, the import's number; empty for the web UI

    static Actor web(UserId user) { return Actor{user, Channel::Web, {}}; }
    static Actor api_token(UserId user, std::string token_name) {
        return Actor{user, Channel::ApiToken, std::move(token_name)};
    }
    static Actor import(UserId user, std::int64_t import_id) {
        return Actor{user, Channel::Import, std::to_string(import_id)};
    }
    static Actor cli() { return Actor{std::nullopt, Channel::Cli, {}}; }
};

}  // namespace kartoteka::domain
