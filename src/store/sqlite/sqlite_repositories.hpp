#pragma once

#include "domain/repositories.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace kartoteka::store::sqlite {

class SqliteCustomerRepository final : public domain::CustomerRepository {
public:
    explicit SqliteCustomerRepository(Database& database) : database_(database) {}

    Result<domain::Customer> insert(const domain::Customer& customer, const domain::Actor& actor) override;
    Result<std::size_t> insert_many(const std::vector<domain::Customer>& customers, const domain::Actor& actor)
        override;
    Result<domain::Customer> find(domain::CustomerId id, bool include_trashed) override;
    Result<domain::Customer> update(
        const domain::Customer& customer,
        std::int64_t expected_version,
        const domain::Actor& actor,
        std::optional<domain::HistoryEntryId> restored_from = std::nullopt
    ) override;
    Result<domain::Customer> move_to_trash(
        domain::CustomerId id,
        std::optional<std::int64_t> expected_version,
        domain::TimestampMs now,
        const domain::Actor& actor
    ) override;
    Result<domain::Customer> restore(domain::CustomerId id, domain::TimestampMs now, const domain::Actor& actor)
        override;
    Result<domain::CustomerPage> list(const domain::CustomerListQuery& query) override;
    /// In sqlite_customer_list_search.cpp.
    Result<domain::CustomerSearchPage> search(const domain::CustomerSearch& search) override;

private:
    Database& database_;
};

class SqliteHistoryRepository final : public domain::HistoryRepository {
public:
    explicit SqliteHistoryRepository(Database& database) : database_(database) {}

    Result<domain::HistoryPage> list(const domain::HistoryQuery& query) override;
    Result<domain::HistoryEntry> find(domain::CustomerId customer_id, domain::HistoryEntryId id) override;

private:
    Database& database_;
};

class SqliteUserRepository final : public domain::UserRepository {
public:
    explicit SqliteUserRepository(Database& database) : database_(database) {}

    Result<domain::User> insert(const domain::User& user) override;
    Result<domain::User> find(domain::UserId id) override;
    Result<domain::User> find_by_username(std::string_view username) override;
    Result<std::vector<domain::User>> list() override;
    Result<void> set_password_hash(domain::UserId id, const std::string& password_hash) override;
    Result<void> set_deactivated_at(domain::UserId id, std::optional<domain::TimestampMs> deactivated_at) override;
    Result<std::size_t> count() override;

private:
    Database& database_;
};

class SqliteSessionRepository final : public domain::SessionRepository {
public:
    explicit SqliteSessionRepository(Database& database) : database_(database) {}

    Result<void> insert(const domain::Session& session) override;
    Result<domain::Session> find(const std::string& token_hash, domain::TimestampMs now) override;
    Result<void> remove(const std::string& token_hash) override;
    Result<std::size_t> remove_expired(domain::TimestampMs now) override;
    Result<std::size_t> remove_for_user(domain::UserId user_id) override;

private:
    Database& database_;
};

class SqliteApiTokenRepository final : public domain::ApiTokenRepository {
public:
    explicit SqliteApiTokenRepository(Database& database) : database_(database) {}

    Result<domain::ApiToken> insert(const domain::ApiToken& token) override;
    Result<domain::ApiToken> find(const std::string& token_hash) override;

private:
    Database& database_;
};

}  // namespace kartoteka::store::sqlite
