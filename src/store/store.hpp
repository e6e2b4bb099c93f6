#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "domain/calendar_feed.hpp"
#include "domain/document.hpp"
#include "domain/error.hpp"
#include "domain/import.hpp"
#include "domain/saved_view.hpp"
#include "domain/note.hpp"
#include "domain/repositories.hpp"
#include "domain/task.hpp"

namespace kartoteka::store {

struct StoreOptions {
    std::filesystem::path data_dir = "data";  // the SQLite file is data_dir / "kartoteka.db"
    bool migrate = true;                      // apply pending migrations on open
    std::size_t max_connections = 8;          // pooled read/write connections
    /// Bytes of the database file the readers map into memory (SQLite mmap_size). 0 = pread() only:
    /// mapped pages count towards the server's resident memory, so mapping is an opt-in for machines
    /// with RAM to spare (it makes random reads of a large store cheaper).
    std::int64_t mmap_bytes = 0;
};

/// One backend: owns the connections and hands out the repositories. Thread-safe.
class Store {
public:
    virtual ~Store() = default;
    virtual domain::CustomerRepository& customers() = 0;
    virtual domain::UserRepository& users() = 0;
    virtual domain::SessionRepository& sessions() = 0;
    virtual domain::ApiTokenRepository& api_tokens() = 0;
    virtual domain::HistoryRepository& history() = 0;
    virtual domain::DocumentRepository& documents() = 0;
    virtual domain::TaskRepository& tasks() = 0;
    virtual domain::NotificationRepository& notifications() = 0;
    virtual domain::CalendarFeedRepository& calendar_feeds() = 0;
    virtual domain::NoteRepository& notes() = 0;
    virtual domain::ImportRepository& imports() = 0;
    virtual domain::SavedViewRepository& saved_views() = 0;

    /// A cheap query that proves the store answers (for /healthz).
    virtual Result<void> ping() = 0;
    /// A consistent copy of the whole store into `target`, safe while serving (SQLite online backup).
    virtual Result<void> backup_to(const std::filesystem::path& target) = 0;
    /// The highest applied migration number.
    virtual Result<int> schema_version() = 0;
};

/// Opens (creating if needed) the embedded SQLite store in options.data_dir.
Result<std::unique_ptr<Store>> open_sqlite_store(const StoreOptions& options);

/// Applies pending migrations without opening the rest; returns the resulting schema version.
Result<int> migrate_sqlite_store(const std::filesystem::path& data_dir);

}  // namespace kartoteka::store
