#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace kartoteka::store::sqlite {

/// An SQLite failure that is not an expected outcome (I/O error, corrupt file, broken SQL) or a constraint
/// violation that the caller translates into a domain error.
class SqliteError : public std::runtime_error {
public:
    SqliteError(int extended_code, const std::string& message);
    int extended_code() const { return extended_code_; }
    bool is_constraint() const;
    bool is_foreign_key_violation() const;
    bool is_unique_violation() const;

private:
    int extended_code_;
};

class Connection;

/// A cached prepared statement, leased for one use: the destructor resets it and clears its bindings so
/// the next user starts clean. Parameters are bound by name ("$1") because SQLite numbers `$N` by first
/// appearance, not by N.
class Statement {
public:
    /// `numbered_parameters[N]` is the SQLite index of "$N" (0 when absent).
    Statement(sqlite3_stmt* statement, sqlite3* db, const std::vector<int>* numbered_parameters)
        : statement_(statement),
          db_(db),
          numbered_parameters_(numbered_parameters) {}
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    ~Statement();

    Statement& bind(const char* name, std::int64_t value);
    Statement& bind(const char* name, std::string_view text);
    Statement& bind_blob(const char* name, std::string_view bytes);
    Statement& bind_null(const char* name);
    Statement& bind(const char* name, std::optional<std::int64_t> value);

    /// True when a row is available, false when done; throws SqliteError otherwise.
    bool step();
    /// Runs a statement that returns no rows (or whose rows are ignored).
    void run();

    bool is_null(int column) const;
    std::int64_t int64(int column) const;
    std::string text(int column) const;
    std::string_view text_view(int column) const;
    std::string blob(int column) const;

private:
    int parameter_index(const char* name) const;

    sqlite3_stmt* statement_;
    sqlite3* db_;
    const std::vector<int>* numbered_parameters_;
};

/// One SQLite connection with its pragmas set and a cache of persistent prepared statements.
class Connection {
public:
    enum class Role { Reader, Writer };
    Connection(const std::filesystem::path& file, Role role, std::int64_t mmap_bytes = 0);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    /// The cached statement for `sql`, prepared on first use.
    Statement prepare(std::string_view sql);
    /// Runs one or more statements without parameters (DDL, PRAGMA).
    void execute_script(const char* sql);
    std::int64_t last_insert_id() const;
    int changes() const;
    sqlite3* handle() { return db_; }

private:
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };

    struct Prepared {
        sqlite3_stmt* statement = nullptr;
        // sqlite3_bind_parameter_index() scans the names linearly; a 28-column insert would pay that per bind.
        std::vector<int> numbered_parameters;
    };

    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, Prepared, StringHash, std::equal_to<>> statements_;
};

/// A fixed set of reader connections handed out one thread at a time.
class ConnectionPool {
public:
    class Lease {
    public:
        Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection)
            : pool_(&pool),
              connection_(std::move(connection)) {}
        Lease(Lease&&) noexcept = default;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Lease& operator=(Lease&&) = delete;
        ~Lease() {
            if (connection_) {
                pool_->give_back(std::move(connection_));
            }
        }
        Connection& operator*() const { return *connection_; }
        Connection* operator->() const { return connection_.get(); }

    private:
        ConnectionPool* pool_;
        std::unique_ptr<Connection> connection_;
    };

    ConnectionPool(const std::filesystem::path& file, std::size_t size, std::int64_t mmap_bytes);
    /// Blocks until a connection is free.
    Lease lease();

private:
    void give_back(std::unique_ptr<Connection> connection);

    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Connection>> idle_;
};

/// BEGIN ... COMMIT on one connection, rolled back when it goes out of scope uncommitted.
class Transaction {
public:
    enum class Mode { Deferred, Immediate };
    Transaction(Connection& connection, Mode mode);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

private:
    Connection& connection_;
    bool open_ = true;
};

}  // namespace kartoteka::store::sqlite
