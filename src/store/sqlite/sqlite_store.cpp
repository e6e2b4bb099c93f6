#include <system_error>

#include <sqlite3.h>

#include "store/sqlite/sqlite_database.hpp"
#include "store/sqlite/sqlite_document_repository.hpp"
#include "store/sqlite/sqlite_import_repository.hpp"
#include "store/sqlite/sqlite_migrations.hpp"
#include "store/sqlite/sqlite_note_repository.hpp"
#include "store/sqlite/sqlite_repositories.hpp"
#include "store/sqlite/sqlite_saved_view_repository.hpp"
#include "store/sqlite/sqlite_task_repository.hpp"
#include "store/store.hpp"

namespace kartoteka::store {
namespace {

using sqlite::Connection;
using sqlite::Database;
using sqlite::SqliteError;

constexpr const char* kDatabaseFileName = "kartoteka.db";

class SqliteStore final : public Store {
public:
    explicit SqliteStore(std::unique_ptr<Database> database)
        : database_(std::move(database)),
          customers_(*database_),
          users_(*database_),
          sessions_(*database_),
          api_tokens_(*database_),
          history_(*database_),
          documents_(*database_),
          tasks_(*database_),
          notifications_(*database_),
          calendar_feeds_(*database_),
          notes_(*database_),
          imports_(*database_),
          saved_views_(*database_) {}

    domain::CustomerRepository& customers() override { return customers_; }
    domain::UserRepository& users() override { return users_; }
    domain::SessionRepository& sessions() override { return sessions_; }
    domain::ApiTokenRepository& api_tokens() override { return api_tokens_; }
    domain::HistoryRepository& history() override { return history_; }
    domain::DocumentRepository& documents() override { return documents_; }
    domain::TaskRepository& tasks() override { return tasks_; }
    domain::NotificationRepository& notifications() override { return notifications_; }
    domain::CalendarFeedRepository& calendar_feeds() override { return calendar_feeds_; }
    domain::NoteRepository& notes() override { return notes_; }
    domain::ImportRepository& imports() override { return imports_; }
    domain::SavedViewRepository& saved_views() override { return saved_views_; }

    Result<void> ping() override {
        try {
            return database_->read([](Connection& connection) -> Result<void> {
                connection.prepare("SELECT 1").run();
                return ok();
            });
        } catch (const SqliteError& error) {
            return fail(Error{ErrorCode::Unavailable, error.what()});
        }
    }

    Result<void> backup_to(const std::filesystem::path& target) override {
        auto source = database_->lease_reader();
        sqlite3* destination = nullptr;
        int rc = sqlite3_open_v2(target.c_str(), &destination, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
        if (rc != SQLITE_OK) {
            sqlite3_close_v2(destination);
            return fail(Error::internal("cannot open backup target " + target.string() + ": " + sqlite3_errstr(rc)));
        }
        sqlite3_backup* backup = sqlite3_backup_init(destination, "main", source->handle(), "main");
        if (backup == nullptr) {
            std::string message = sqlite3_errmsg(destination);
            sqlite3_close_v2(destination);
            return fail(Error::internal("cannot start backup: " + message));
        }
        // One step copies every page under a single read snapshot, so the copy is consistent even while
        // writers keep committing to the WAL.
        rc = sqlite3_backup_step(backup, -1);
        sqlite3_backup_finish(backup);
        const int finish_rc = sqlite3_errcode(destination);
        sqlite3_close_v2(destination);
        if (rc != SQLITE_DONE || finish_rc != SQLITE_OK) {
            return fail(Error::internal("backup to " + target.string() + " failed: " + sqlite3_errstr(rc)));
        }
        return ok();
    }

    Result<int> schema_version() override {
        auto connection = database_->lease_reader();
        return sqlite::applied_schema_version(*connection);
    }

private:
    std::unique_ptr<Database> database_;
    sqlite::SqliteCustomerRepository customers_;
    sqlite::SqliteUserRepository users_;
    sqlite::SqliteSessionRepository sessions_;
    sqlite::SqliteApiTokenRepository api_tokens_;
    sqlite::SqliteHistoryRepository history_;
    sqlite::SqliteDocumentRepository documents_;
    sqlite::SqliteTaskRepository tasks_;
    sqlite::SqliteNotificationRepository notifications_;
    sqlite::SqliteCalendarFeedRepository calendar_feeds_;
    sqlite::SqliteNoteRepository notes_;
    sqlite::SqliteImportRepository imports_;
    sqlite::SqliteSavedViewRepository saved_views_;
};

Result<std::filesystem::path> prepare_data_dir(const std::filesystem::path& data_dir) {
    std::error_code error;
    std::filesystem::create_directories(data_dir, error);
    if (error) {
        return fail(Error{
            ErrorCode::Unavailable, "cannot create data dir " + data_dir.string() + ": " + error.message()});
    }
    return data_dir / kDatabaseFileName;
}

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const StoreOptions& options) {
    auto file = prepare_data_dir(options.data_dir);
    if (!file) {
        return fail(file.error());
    }
    try {
        auto writer = std::make_unique<Connection>(*file, Connection::Role::Writer);
        if (options.migrate) {
            if (auto migrated = sqlite::apply_migrations(*writer); !migrated) {
                return fail(migrated.error());
            }
        } else {
            const int version = sqlite::applied_schema_version(*writer);
            if (version != sqlite::latest_schema_version()) {
                return fail(Error{
                    ErrorCode::FailedPrecondition,
                    "the database schema is version " + std::to_string(version) + ", this kartoteka needs " +
                        std::to_string(sqlite::latest_schema_version()) +
                        (version < sqlite::latest_schema_version() ? "; run the migrations first"
                                                                   : "; use a newer kartoteka"),
                });
            }
        }
        const std::size_t readers = options.max_connections > 1 ? options.max_connections - 1 : 1;
        auto database = std::make_unique<Database>(*file, std::move(writer), readers, options.mmap_bytes);
        return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(database)));
    } catch (const SqliteError& error) {
        return fail(Error{ErrorCode::Unavailable, "cannot open the store " + file->string() + ": " + error.what()});
    }
}

Result<int> migrate_sqlite_store(const std::filesystem::path& data_dir) {
    auto file = prepare_data_dir(data_dir);
    if (!file) {
        return fail(file.error());
    }
    try {
        Connection connection(*file, Connection::Role::Writer);
        return sqlite::apply_migrations(connection);
    } catch (const SqliteError& error) {
        return fail(Error{ErrorCode::Unavailable, "cannot migrate " + file->string() + ": " + error.what()});
    }
}

}  // namespace kartoteka::store
