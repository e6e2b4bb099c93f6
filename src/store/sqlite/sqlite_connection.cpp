#include "store/sqlite/sqlite_connection.hpp"

#include <utility>

#include <sqlite3.h>

namespace kartoteka::store::sqlite {
namespace {

constexpr int kBusyTimeoutMs = 5000;

[[noreturn]] void throw_error(sqlite3* db, int code, std::string_view context) {
    const int extended = db != nullptr ? sqlite3_extended_errcode(db) : code;
    std::string message(context);
    message += ": ";
    message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    throw SqliteError(extended, message);
}

/// N for a "$N" parameter name, nullopt for any other name.
std::optional<std::size_t> parameter_number(const char* name) {
    if (name == nullptr || name[0] != '$' || name[1] == '\0') {
        return std::nullopt;
    }
    std::size_t number = 0;
    const char* digit = name + 1;
    for (; *digit >= '0' && *digit <= '9'; ++digit) {
        number = number * 10 + static_cast<std::size_t>(*digit - '0');
    }
    if (*digit != '\0') {
        return std::nullopt;
    }
    return number;
}

}  // namespace

SqliteError::SqliteError(int extended_code, const std::string& message)
    : std::runtime_error(message),
      extended_code_(extended_code) {}

bool SqliteError::is_constraint() const {
    return (extended_code_ & 0xff) == SQLITE_CONSTRAINT;
}
bool SqliteError::is_foreign_key_violation() const {
    return extended_code_ == SQLITE_CONSTRAINT_FOREIGNKEY;
}
bool SqliteError::is_unique_violation() const {
    return extended_code_ == SQLITE_CONSTRAINT_UNIQUE || extended_code_ == SQLITE_CONSTRAINT_PRIMARYKEY;
}

Statement::Statement(Statement&& other) noexcept
    : statement_(std::exchange(other.statement_, nullptr)),
      db_(other.db_) {}

Statement::~Statement() {
    if (statement_ != nullptr) {
        sqlite3_reset(statement_);
        sqlite3_clear_bindings(statement_);
    }
}

int Statement::parameter_index(const char* name) const {
    if (const auto number = parameter_number(name); number && numbered_parameters_ != nullptr) {
        if (*number < numbered_parameters_->size() && (*numbered_parameters_)[*number] != 0) {
            return (*numbered_parameters_)[*number];
        }
    }
    const int index = sqlite3_bind_parameter_index(statement_, name);
    if (index == 0) {
        throw SqliteError(SQLITE_RANGE, std::string("no parameter ") + name + " in: " + sqlite3_sql(statement_));
    }
    return index;
}

Statement& Statement::bind(const char* name, std::int64_t value) {
    const int rc = sqlite3_bind_int64(statement_, parameter_index(name), value);
    if (rc != SQLITE_OK) {
        throw_error(db_, rc, "bind");
    }
    return *this;
}

Statement& Statement::bind(const char* name, std::string_view text) {
    // SQLITE_STATIC: the caller's string outlives the statement use (it is reset before the caller returns).
    const int rc =
        sqlite3_bind_text64(statement_, parameter_index(name), text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
    if (rc != SQLITE_OK) {
        throw_error(db_, rc, "bind");
    }
    return *this;
}

Statement& Statement::bind_blob(const char* name, std::string_view bytes) {
    const int rc = sqlite3_bind_blob64(statement_, parameter_index(name), bytes.data(), bytes.size(), SQLITE_STATIC);
    if (rc != SQLITE_OK) {
        throw_error(db_, rc, "bind");
    }
    return *this;
}

Statement& Statement::bind_null(const char* name) {
    const int rc = sqlite3_bind_null(statement_, parameter_index(name));
    if (rc != SQLITE_OK) {
        throw_error(db_, rc, "bind");
    }
    return *this;
}

Statement& Statement::bind(const char* name, std::optional<std::int64_t> value) {
    return value ? bind(name, *value) : bind_null(name);
}

bool Statement::step() {
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    throw_error(db_, rc, "step");
}

void Statement::run() {
    while (step()) {
    }
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(statement_, column);
}

std::string_view Statement::text_view(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    const int size = sqlite3_column_bytes(statement_, column);
    return data == nullptr ? std::string_view{} : std::string_view(data, static_cast<std::size_t>(size));
}

std::string Statement::text(int column) const {
    return std::string(text_view(column));
}

std::string Statement::blob(int column) const {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(statement_, column));
    const int size = sqlite3_column_bytes(statement_, column);
    return data == nullptr ? std::string{} : std::string(data, static_cast<std::size_t>(size));
}

Connection::Connection(const std::filesystem::path& file, Role role, std::int64_t mmap_bytes) {
    const int rc =
        sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = "cannot open " + file.string() + ": " + sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw SqliteError(rc, message);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    execute_script(
        "PRAGMA journal_mode = WAL;"
        "PRAGMA foreign_keys = ON;"
        "PRAGMA synchronous = NORMAL;"
        "PRAGMA temp_store = MEMORY;"
    );
    // By default no page map: mapped pages of a large store count towards the server's resident memory (a
    // 1M-customer store pushed RSS past 2 GB under random reads). Page misses are then pread()s served by the
    // OS page cache. The number is ours, not user text, so formatting it into the PRAGMA is safe.
    execute_script(("PRAGMA mmap_size = " + std::to_string(mmap_bytes) + ";").c_str());
    // Random inserts into the sort-key and trigram indexes touch pages all over the file: the writer gets a
    // larger private cache so bulk inserts do not re-read and spill pages. The caches bound the server's memory
    // (writer 64 MiB + 7 readers x 8 MiB), which the OS page cache backs.
    execute_script(role == Role::Writer ? "PRAGMA cache_size = -65536;" : "PRAGMA cache_size = -8192;");
}

Connection::~Connection() {
    for (auto& [sql, prepared] : statements_) {
        sqlite3_finalize(prepared.statement);
    }
    sqlite3_close_v2(db_);
}

Statement Connection::prepare(std::string_view sql) {
    auto found = statements_.find(sql);
    if (found != statements_.end()) {
        return Statement(found->second.statement, db_, &found->second.numbered_parameters);
    }
    sqlite3_stmt* statement = nullptr;
    const int rc = sqlite3_prepare_v3(
        db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &statement, nullptr
    );
    if (rc != SQLITE_OK) {
        throw_error(db_, rc, std::string("prepare ") + std::string(sql));
    }
    Prepared prepared{.statement = statement, .numbered_parameters = {}};
    const int count = sqlite3_bind_parameter_count(statement);
    for (int index = 1; index <= count; ++index) {
        const auto number = parameter_number(sqlite3_bind_parameter_name(statement, index));
        if (!number) {
            continue;
        }
        if (prepared.numbered_parameters.size() <= *number) {
            prepared.numbered_parameters.resize(*number + 1, 0);
        }
        prepared.numbered_parameters[*number] = index;
    }
    auto [inserted, unused] = statements_.emplace(std::string(sql), std::move(prepared));
    return Statement(inserted->second.statement, db_, &inserted->second.numbered_parameters);
}

void Connection::execute_script(const char* sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error != nullptr ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        throw SqliteError(sqlite3_extended_errcode(db_), message);
    }
}

std::int64_t Connection::last_insert_id() const {
    return sqlite3_last_insert_rowid(db_);
}

int Connection::changes() const {
    return sqlite3_changes(db_);
}

ConnectionPool::ConnectionPool(const std::filesystem::path& file, std::size_t size, std::int64_t mmap_bytes) {
    idle_.reserve(size);
    for (std::size_t i = 0; i < size; ++i) {
        idle_.push_back(std::make_unique<Connection>(file, Connection::Role::Reader, mmap_bytes));
    }
}

ConnectionPool::Lease ConnectionPool::lease() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [this] { return !idle_.empty(); });
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(connection));
}

void ConnectionPool::give_back(std::unique_ptr<Connection> connection) {
    {
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(connection));
    }
    available_.notify_one();
}

Transaction::Transaction(Connection& connection, Mode mode) : connection_(connection) {
    connection_.prepare(mode == Mode::Immediate ? "BEGIN IMMEDIATE" : "BEGIN").run();
}

Transaction::~Transaction() {
    if (open_) {
        try {
            connection_.prepare("ROLLBACK").run();
        } catch (const SqliteError&) {
            // A failed statement may already have rolled the transaction back; nothing is left to undo.
        }
    }
}

void Transaction::commit() {
    connection_.prepare("COMMIT").run();
    open_ = false;
}

}  // namespace kartoteka::store::sqlite
