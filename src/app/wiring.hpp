#pragma once

#include <filesystem>
#include <memory>

#include "app/config.hpp"
#include "auth/auth_service.hpp"
#include "domain/customer_service.hpp"
#include "domain/document_service.hpp"
#include "domain/note_service.hpp"
#include "store/blob_store.hpp"
#include "store/store.hpp"

// The composition root: the only place where the store, the services and the server are built and connected.
namespace kartoteka::app {

struct Services {
    std::unique_ptr<store::Store> store;
    std::unique_ptr<auth::AuthService> auth;
    std::unique_ptr<domain::CustomerService> customers;
    std::unique_ptr<domain::NoteService> notes;
    std::unique_ptr<store::BlobStore> blobs;  // document files under data_dir/blobs
    std::unique_ptr<domain::DocumentService> documents;
};

/// Opens the store in data_dir (applying migrations) and builds the services on it.
Result<Services> open_services(
    const std::filesystem::path& data_dir,
    auth::HashCost hash_cost,
    std::size_t max_connections = 8,
    std::int64_t sqlite_mmap_bytes = 0,
    std::int64_t principal_cache_ms = auth::AuthOptions{}.principal_cache_ms
);

/// `kartoteka serve`: runs until SIGINT/SIGTERM; returns the process exit code.
int serve(const ServeConfig& config, const Environment& environment);

}  // namespace kartoteka::app
