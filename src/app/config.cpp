#include "app/config.hpp"

#include <charconv>
#include <cstdlib>

namespace kartoteka::app {
namespace {

std::optional<std::string> environment_variable(const char* name) {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): called once from main before any thread starts.
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        return std::nullopt;
    }
    return std::string(value);
}

}  // namespace

Environment read_environment() {
    return Environment{
        .admin_password = environment_variable("KARTOTEKA_ADMIN_PASSWORD"),
        .user_password = environment_variable("KARTOTEKA_PASSWORD"),
    };
}

Result<ListenAddress> parse_listen_address(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        return fail(Error::invalid_field("listen", "expected HOST:PORT, e.g. 127.0.0.1:8080"));
    }
    auto host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const auto port_text = text.substr(colon + 1);
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (port_text.empty() || ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535) {
        return fail(Error::invalid_field("listen", "the port must be a number from 0 to 65535"));
    }
    return ListenAddress{.host = std::string(host), .port = static_cast<std::uint16_t>(port)};
}

Result<auth::HashCost> parse_hash_cost(std::string_view text) {
    if (text == "interactive") {
        return auth::HashCost::Interactive;
    }
    if (text == "minimal") {
        return auth::HashCost::Minimal;
    }
    return fail(Error::invalid_field("password-cost", "must be interactive or minimal"));
}

}  // namespace kartoteka::app
