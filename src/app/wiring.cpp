#include "app/wiring.hpp"

#include <cstdio>
#include <iostream>

#include <spdlog/spdlog.h>

#include "http/api_routes.hpp"
#include "http/json/import_json.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"

namespace kartoteka::app {

Result<Services> open_services(
    const std::filesystem::path& data_dir,
    auth::HashCost hash_cost,
    std::size_t max_connections,
    std::int64_t sqlite_mmap_bytes,
    std::int64_t principal_cache_ms
) {
    auto store = store::open_sqlite_store(store::StoreOptions{
        .data_dir = data_dir,
        .migrate = true,
        .max_connections = max_connections,
        .mmap_bytes = sqlite_mmap_bytes,
    });
    if (!store) {
        return fail(std::move(store.error()));
    }
    Services services;
    services.store = std::move(*store);
    auto& opened = *services.store;
    services.auth = std::make_unique<auth::AuthService>(
        opened.users(),
        opened.sessions(),
        opened.api_tokens(),
        auth::AuthOptions{.hash_cost = hash_cost, .principal_cache_ms = principal_cache_ms}
    );
    services.customers = std::make_unique<domain::CustomerService>(opened.customers(), opened.users());
    services.notes = std::make_unique<domain::NoteService>(opened.notes());
    auto blobs = store::BlobStore::open(data_dir, [&documents = opened.documents()](const std::string& sha256) {
        return documents.blob_referenced(sha256);
    });
    if (!blobs) {
        return fail(std::move(blobs.error()));
    }
    services.blobs = std::move(*blobs);
    services.documents = std::make_unique<domain::DocumentService>(opened.documents(), *services.blobs);
    return services;
}

int serve(const ServeConfig& config, const Environment& environment) {
    // Every worker may hold a connection while it waits on SQLite; a few spare ones serve the rest.
    auto services = open_services(
        config.data_dir,
        config.hash_cost,
        std::max<std::size_t>(8, config.worker_threads + 2),
        config.sqlite_mmap_bytes,
        config.principal_cache_ms
    );
    if (!services) {
        spdlog::critical("cannot open the store in {}: {}", config.data_dir.string(), services.error().message);
        return 1;
    }
    auto generated = services->auth->ensure_admin(environment.admin_password);
    if (!generated) {
        spdlog::critical("cannot create the admin user: {}", generated.error().message);
        return 1;
    }
    if (*generated) {
        std::cout << "Created user \"admin\" with the generated password (shown only once): " << **generated
                  << std::endl;
    }

    // Before the first upload can start: what a crash left between writing a file and committing it.
    const auto swept = services->blobs->sweep();
    if (swept.temp_files_removed > 0 || swept.blobs_removed > 0) {
        spdlog::info(
            "removed {} unfinished upload(s) and {} unreferenced blob(s)", swept.temp_files_removed, swept.blobs_removed
        );
    }

    // Also before the first request: imports a killed server left running become "interrupted".
    importer::ImportJobs import_jobs{
        services->store->imports(),
        services->store->users(),
        importer::ImportJobsOptions{
            .directory = config.data_dir / "imports",
            .describe_options = http::json::record_options_json,
        },
    };
    auto interrupted = import_jobs.start();
    if (!interrupted) {
        spdlog::critical("cannot start the import runner: {}", interrupted.error().message);
        return 1;
    }
    if (*interrupted > 0) {
        spdlog::warn("{} import(s) were interrupted by the previous shutdown", *interrupted);
    }

    http::StaticFiles static_files{config.web_root};
    if (static_files.file_count() == 0) {
        spdlog::warn("no web UI in {}; / serves a placeholder page", config.web_root.string());
    }
    http::Router router;
    http::Api api{
        http::ApiServices{
            .auth = *services->auth,
            .customers = *services->customers,
            .notes = *services->notes,
            .store = *services->store,
            .documents = services->documents.get(),
            .imports = &import_jobs,
        },
        http::ApiOptions{.secure_cookies = config.secure_cookies, .export_temp_dir = config.data_dir / "tmp"}};
    api.register_routes(router);
    router.set_fallback([&static_files](http::Request& request) { return static_files.serve(request); });

    http::Server server{
        router,
        http::ServerOptions{
            .host = config.listen.host,
            .port = config.listen.port,
            .io_threads = config.io_threads,
            .worker_threads = config.worker_threads,
            .upload_limit = static_cast<std::uint64_t>(config.max_upload_mb) * 1024 * 1024,
            .upload_dir = services->blobs->temp_dir().string(),
        },
    };
    auto port = server.start();
    if (!port) {
        spdlog::critical("{}", port.error().message);
        return 1;
    }
    const bool ipv6 = config.listen.host.find(':') != std::string::npos;
    // Test harnesses parse this exact line to learn the port.
    std::cout << "kartoteka listening on http://" << (ipv6 ? "[" : "") << config.listen.host << (ipv6 ? "]" : "") << ":"
              << *port << std::endl;

    server.wait_and_shutdown();
    // No request can submit or cancel any more: stop the running import (valid_rows keeps its batches).
    import_jobs.stop();
    // The store closes when `services` goes out of scope, after every request has finished.
    spdlog::info("shut down cleanly");
    return 0;
}

}  // namespace kartoteka::app
