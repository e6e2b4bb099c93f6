#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "app/buffered_stderr_sink.hpp"
#include "app/config.hpp"
#include "app/import_command.hpp"
#include "app/wiring.hpp"
#include "domain/demo_data.hpp"

namespace {

using namespace std::chrono_literals;
namespace app = kartoteka::app;

#ifndef KARTOTEKA_DEFAULT_WEB_ROOT
#define KARTOTEKA_DEFAULT_WEB_ROOT "web/dist"
#endif
#ifndef KARTOTEKA_VERSION
#define KARTOTEKA_VERSION "dev"
#endif

constexpr std::size_t kDemoBatchSize = 10'000;

/// Logs go to stderr (stdout carries the lines scripts parse). stderr is block-buffered and flushed every
/// second and on every warning: an async logger thread woken for every request line cost more (a futex wake
/// and a context switch per request on a 2-core machine) than appending the line to a buffer.
void set_up_logging() {
    static char stderr_buffer[1 << 16];
    std::setvbuf(stderr, stderr_buffer, _IOFBF, sizeof stderr_buffer);
    auto logger = std::make_shared<spdlog::logger>("kartoteka", std::make_shared<app::BufferedStderrSink>());
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(std::move(logger));
    spdlog::flush_every(std::chrono::seconds(1));
}

int report(const kartoteka::Error& error) {
    std::cerr << "error: " << error.message << '\n';
    for (const auto& [field, message] : error.field_errors) {
        std::cerr << "  " << field << ": " << message << '\n';
    }
    return 1;
}

/// Opens the store in data_dir for one CLI command and runs it; a store that cannot be opened is reported.
template <typename Command>
int with_services(const std::string& data_dir, Command&& command) {
    auto services = app::open_services(data_dir, kartoteka::auth::HashCost::Interactive);
    if (!services) {
        return report(services.error());
    }
    return command(*services);
}

/// --password, else KARTOTEKA_PASSWORD, else one line from stdin (so it stays out of the shell history).
std::string resolve_password(const std::string& option, const app::Environment& environment) {
    if (!option.empty()) {
        return option;
    }
    if (environment.user_password) {
        return *environment.user_password;
    }
    std::string line;
    std::getline(std::cin, line);
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

int run_migrate(const std::string& data_dir) {
    auto version = kartoteka::store::migrate_sqlite_store(data_dir);
    if (!version) {
        return report(version.error());
    }
    std::cout << "schema version " << *version << '\n';
    return 0;
}

int run_user_add(
    const std::string& data_dir,
    const std::string& username,
    const std::string& display_name,
    bool is_admin,
    const std::string& password_option,
    const app::Environment& environment
) {
    return with_services(data_dir, [&](app::Services& services) {
        const auto password = resolve_password(password_option, environment);
        auto user =
            services.auth->create_user(username, display_name.empty() ? username : display_name, password, is_admin);
        if (!user) {
            return report(user.error());
        }
        std::cout << "created user " << user->username << " (id " << user->id << (user->is_admin ? ", admin" : "")
                  << ")\n";
        return 0;
    });
}

int run_user_list(const std::string& data_dir) {
    return with_services(data_dir, [&](app::Services& services) {
        auto users = services.store->users().list();
        if (!users) {
            return report(users.error());
        }
        for (const auto& user : *users) {
            std::cout << user.id << '\t' << user.username << '\t' << user.display_name
                      << (user.is_admin ? "\tadmin" : "") << '\n';
        }
        return 0;
    });
}

int run_user_passwd(
    const std::string& data_dir,
    const std::string& username,
    const std::string& password_option,
    const app::Environment& environment
) {
    return with_services(data_dir, [&](app::Services& services) {
        const auto password = resolve_password(password_option, environment);
        if (auto done = services.auth->set_password(username, password); !done) {
            return report(done.error());
        }
        std::cout << "password changed for " << username << '\n';
        return 0;
    });
}

/// Deactivating keeps the user's records and history (their name stays on them) but ends their sessions,
/// refuses their logins and API tokens, and keeps them out of new task assignments.
int run_user_set_active(const std::string& data_dir, const std::string& username, bool active) {
    return with_services(data_dir, [&](app::Services& services) {
        auto user = services.store->users().find_by_username(username);
        if (!user) {
            return report(user.error());
        }
        const auto deactivated_at =
            active ? std::nullopt : std::optional<std::int64_t>{kartoteka::domain::system_now_ms()};
        if (auto done = services.store->users().set_deactivated_at(user->id, deactivated_at); !done) {
            return report(done.error());
        }
        std::cout << (active ? "activated " : "deactivated ") << username << '\n';
        return 0;
    });
}

int run_backup(const std::string& data_dir, const std::string& target) {
    return with_services(data_dir, [&](app::Services& services) {
        if (auto done = services.store->backup_to(target); !done) {
            return report(done.error());
        }
        std::cout << "backup written to " << target << '\n';
        return 0;
    });
}

int run_demo_data(const std::string& data_dir, std::size_t count, std::uint64_t seed) {
    return with_services(data_dir, [&](app::Services& services) {
        auto users = services.store->users().list();
        if (!users) {
            return report(users.error());
        }
        const std::optional<kartoteka::domain::UserId> owner =
            users->empty() ? std::nullopt : std::optional<kartoteka::domain::UserId>{users->front().id};
        const auto started = std::chrono::steady_clock::now();
        const auto now = kartoteka::domain::system_now_ms();
        std::size_t inserted = 0;
        while (inserted < count) {
            const auto batch_size = std::min(kDemoBatchSize, count - inserted);
            const auto batch = kartoteka::domain::generate_demo_customers(batch_size, seed, inserted, owner, now);
            auto stored = services.store->customers().insert_many(batch, kartoteka::domain::Actor::cli());
            if (!stored) {
                return report(stored.error());
            }
            inserted += *stored;
            const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
            std::cout << "inserted " << inserted << " / " << count << " customers ("
                      << static_cast<std::uint64_t>(static_cast<double>(inserted) / std::max(elapsed.count(), 1e-6))
                      << "/s)" << std::endl;
            if (*stored == 0) {
                break;
            }
        }
        return 0;
    });
}

}  // namespace

int main(int argc, char** argv) {
    const auto environment = app::read_environment();

    CLI::App cli{"kartoteka: a customer registry for sales teams"};
    cli.set_version_flag("--version", KARTOTEKA_VERSION);
    cli.require_subcommand(1);

    std::string data_dir = "./data";
    const auto add_data_option = [&data_dir](CLI::App* command) {
        command->add_option("--data", data_dir, "data directory (the SQLite store lives here)")->capture_default_str();
    };

    std::string listen = "127.0.0.1:8080";
    std::string web_root = KARTOTEKA_DEFAULT_WEB_ROOT;
    std::size_t io_threads = 2;
    std::size_t worker_threads = 8;
    std::string password_cost = "interactive";
    std::int64_t sqlite_mmap_mb = 0;
    auto* serve = cli.add_subcommand("serve", "run the HTTP server");
    add_data_option(serve);
    serve->add_option("--listen", listen, "HOST:PORT to listen on (port 0 = ephemeral)")->capture_default_str();
    serve->add_option("--web", web_root, "directory of the built web UI")->capture_default_str();
    serve->add_option("--io-threads", io_threads, "threads doing network I/O")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    serve->add_option("--workers", worker_threads, "threads running request handlers (database work)")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    serve->add_option("--password-cost", password_cost, "argon2id cost: interactive, or minimal for tests only")
        ->check(CLI::IsMember({"interactive", "minimal"}))
        ->capture_default_str();
    serve
        ->add_option(
            "--sqlite-mmap-mb",
            sqlite_mmap_mb,
            "MiB of the store to memory-map for reads (faster random reads; mapped pages count as resident memory)"
        )
        ->check(CLI::Range(0, 1 << 20))
        ->capture_default_str();
    bool secure_cookies = false;
    serve->add_flag(
        "--secure-cookies", secure_cookies, "mark the session cookie Secure (set this behind an HTTPS proxy)"
    );
    std::int64_t max_upload_mb = app::ServeConfig{}.max_upload_mb;
    serve->add_option("--max-upload-mb", max_upload_mb, "largest document upload in MiB (larger ones get 413)")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 20))
        ->capture_default_str();
    std::int64_t principal_cache_ms = kartoteka::auth::AuthOptions{}.principal_cache_ms;
    // Hidden (empty group): only tests need the server to notice CLI credential changes immediately.
    serve->add_option("--principal-cache-ms", principal_cache_ms, "how long a resolved session or token is trusted")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{24} * 3600 * 1000))
        ->group("");

    auto* migrate = cli.add_subcommand("migrate", "apply pending database migrations");
    add_data_option(migrate);

    auto* user = cli.add_subcommand("user", "manage users");
    user->require_subcommand(1);
    // Also on the group, so `user --data DIR list` works as well as `user list --data DIR`.
    add_data_option(user);
    std::string username;
    std::string display_name;
    std::string password;
    bool is_admin = false;
    auto* user_add = user->add_subcommand("add", "create a user (password: --password, KARTOTEKA_PASSWORD or stdin)");
    add_data_option(user_add);
    user_add->add_option("USERNAME", username, "login name")->required();
    user_add->add_option("--display-name", display_name, "name shown in the UI");
    user_add->add_flag("--admin", is_admin, "make the user an administrator");
    user_add->add_option("--password", password, "password (at least 8 characters)");
    auto* user_list = user->add_subcommand("list", "list users");
    add_data_option(user_list);
    auto* user_passwd =
        user->add_subcommand("passwd", "set a user's password (--password, KARTOTEKA_PASSWORD or stdin)");
    add_data_option(user_passwd);
    user_passwd->add_option("USERNAME", username, "login name")->required();
    user_passwd->add_option("--password", password, "new password (at least 8 characters)");
    auto* user_deactivate = user->add_subcommand("deactivate", "stop a user from logging in and being assigned tasks");
    add_data_option(user_deactivate);
    user_deactivate->add_option("USERNAME", username, "login name")->required();
    auto* user_activate = user->add_subcommand("activate", "let a deactivated user log in again");
    add_data_option(user_activate);
    user_activate->add_option("USERNAME", username, "login name")->required();

    std::string backup_target;
    auto* backup = cli.add_subcommand("backup", "write a consistent copy of the store (safe while serving)");
    add_data_option(backup);
    backup->add_option("FILE", backup_target, "target file")->required();

    std::size_t demo_count = 0;
    std::uint64_t demo_seed = 42;
    auto* demo = cli.add_subcommand("demo-data", "insert N realistic Czech demo customers");
    add_data_option(demo);
    demo->add_option("N", demo_count, "number of customers")->required()->check(CLI::PositiveNumber);
    demo->add_option("--seed", demo_seed, "random seed (the same seed gives the same customers)")
        ->capture_default_str();

    app::ImportCommandOptions import_options;
    auto* import_command = cli.add_subcommand(
        "import", "import customers from an xlsx, xls, ods or csv file (the web wizard's engine, for scripts)"
    );
    import_command->add_option("--data", import_options.data_dir, "data directory (the SQLite store lives here)")
        ->capture_default_str();
    import_command->add_option("FILE", import_options.file, "the spreadsheet or CSV file")->required();
    import_command->add_option("--sheet", import_options.sheet, "sheet name (default: the first visible sheet)");
    import_command->add_option("--mapping", import_options.mapping, "a saved mapping's name (default: suggested)");
    import_command->add_option("--mode", import_options.mode, "create, upsert or skip matched customers")
        ->capture_default_str();
    import_command->add_option("--policy", import_options.policy, "upsert: fill_empty, overwrite or keep")
        ->capture_default_str();
    import_command->add_flag(
        "--all-or-nothing", import_options.all_or_nothing, "one transaction: any failure writes nothing"
    );
    import_command->add_flag("--dry-run", import_options.dry_run, "check and count, write nothing");
    import_command->add_flag("--json", import_options.json, "print the outcome as one JSON object");
    import_command->add_option("--batch-rows", import_options.batch_rows, "rows per write transaction")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}))
        ->group("");

    CLI11_PARSE(cli, argc, argv);
    set_up_logging();

    int exit_code = 0;
    if (serve->parsed()) {
        auto address = app::parse_listen_address(listen);
        auto cost = app::parse_hash_cost(password_cost);
        if (!address) {
            exit_code = report(address.error());
        } else if (!cost) {
            exit_code = report(cost.error());
        } else {
            exit_code = app::serve(
                app::ServeConfig{
                    .data_dir = data_dir,
                    .listen = *address,
                    .web_root = web_root,
                    .io_threads = io_threads,
                    .worker_threads = worker_threads,
                    .hash_cost = *cost,
                    .sqlite_mmap_bytes = sqlite_mmap_mb * 1024 * 1024,
                    .principal_cache_ms = principal_cache_ms,
                    .secure_cookies = secure_cookies,
                    .max_upload_mb = max_upload_mb,
                },
                environment
            );
        }
    } else if (migrate->parsed()) {
        exit_code = run_migrate(data_dir);
    } else if (user_add->parsed()) {
        exit_code = run_user_add(data_dir, username, display_name, is_admin, password, environment);
    } else if (user_list->parsed()) {
        exit_code = run_user_list(data_dir);
    } else if (user_passwd->parsed()) {
        exit_code = run_user_passwd(data_dir, username, password, environment);
    } else if (user_deactivate->parsed()) {
        exit_code = run_user_set_active(data_dir, username, false);
    } else if (user_activate->parsed()) {
        exit_code = run_user_set_active(data_dir, username, true);
    } else if (backup->parsed()) {
        exit_code = run_backup(data_dir, backup_target);
    } else if (demo->parsed()) {
        exit_code = run_demo_data(data_dir, demo_count, demo_seed);
    } else if (import_command->parsed()) {
        exit_code = app::run_import_command(import_options);
    }
    spdlog::shutdown();
    return exit_code;
}
