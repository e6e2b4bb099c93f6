#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "auth/auth_service.hpp"
#include "domain/error.hpp"

namespace kartoteka::app {

/// The environment variables kartoteka reads, captured once at start-up (getenv is not thread-safe).
struct Environment {
    std::optional<std::string> admin_password;  // KARTOTEKA_ADMIN_PASSWORD: the first admin's password
    std::optional<std::string> user_password;   // KARTOTEKA_PASSWORD: for `user add` / `user passwd`
};

Environment read_environment();

struct ListenAddress {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
};

/// "HOST:PORT" (IPv4 or a bracketed IPv6 address); port 0 asks for an ephemeral port.
Result<ListenAddress> parse_listen_address(std::string_view text);

/// "interactive" or "minimal" (tests only).
Result<auth::HashCost> parse_hash_cost(std::string_view text);

struct ServeConfig {
    std::filesystem::path data_dir = "data";
    ListenAddress listen = {};
    std::filesystem::path web_root = {};
    std::size_t io_threads = 2;
    std::size_t worker_threads = 8;
    auth::HashCost hash_cost = auth::HashCost::Interactive;
    std::int64_t sqlite_mmap_bytes = 0;
    /// How long the server trusts a resolved session or token; tests set 0 to see CLI changes at once.
    std::int64_t principal_cache_ms = 30'000;
    bool secure_cookies = false;
    /// The largest document upload, in MiB (serve --max-upload-mb); larger uploads get 413.
    std::int64_t max_upload_mb = 50;
};

}  // namespace kartoteka::app
