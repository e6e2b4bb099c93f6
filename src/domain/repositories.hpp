#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/actor.hpp"
#include "domain/customer.hpp"
#include "domain/customer_filter.hpp"
#include "domain/error.hpp"
#include "domain/history.hpp"
#include "domain/user.hpp"

// Ports: what the domain needs from a store. src/store/ implements them (SQLite now, PostgreSQL later).
// Every method is one atomic unit (one transaction) and is safe to call from several threads at once.
// Writes take the Actor and record the change in the history within the same transaction.
namespace kartoteka::domain {

class CustomerRepository {
public:
    virtual ~CustomerRepository() = default;

    /// Stores a new customer with version 1 and returns it with id and contact ids assigned.
    /// created_at/updated_at are taken from the argument (the service sets them).
    /// InvalidArgument (field "owner_id") when the owner does not exist.
    /// Records a `created` entry listing every non-empty field.
    virtual Result<Customer> insert(const Customer& customer, const Actor& actor) = 0;

    /// Stores many new customers in one transaction (demo data, later the importer). Returns how many.
    /// Records one `created` entry per customer.
    virtual Result<std::size_t> insert_many(const std::vector<Customer>& customers, const Actor& actor) = 0;

    /// NotFound when there is no such customer, or when it is in the trash and !include_trashed.
    virtual Result<Customer> find(CustomerId id, bool include_trashed = false) = 0;

    /// Replaces the stored record (all fields, tags and contacts) when its version is expected_version,
    /// increments the version and returns the stored record. Contacts with id 0 are new; stored contacts
    /// missing from the list are removed. NotFound when missing or trashed; FailedPrecondition when the
    /// version differs (nothing is written). Records an `updated` entry with one change per changed field
    /// (none when nothing changed), or `value_restored` when restored_from names the history entry whose
    /// value is being copied back.
    virtual Result<Customer> update(
        const Customer& customer,
        std::int64_t expected_version,
        const Actor& actor,
        std::optional<HistoryEntryId> restored_from = std::nullopt
    ) = 0;

    /// Moves a live customer to the trash (sets deleted_at, bumps version). When expected_version is given
    /// and differs: FailedPrecondition.
    virtual Result<Customer> move_to_trash(
        CustomerId id, std::optional<std::int64_t> expected_version, TimestampMs now, const Actor& actor
    ) = 0;

    /// Brings a trashed customer back (clears deleted_at, bumps version). NotFound when not in the trash.
    virtual Result<Customer> restore(CustomerId id, TimestampMs now, const Actor& actor) = 0;

    /// One page in the requested order; query.trash selects the trash. The query is already validated.
    /// InvalidArgument (field "cursor") when the cursor is not one this store issued for the same sort.
    virtual Result<CustomerPage> list(const CustomerListQuery& query) = 0;

    /// The customer list with search, filters, any sort, keyset cursor and an optional (capped) count.
    /// InvalidArgument naming "cursor" (or a day-range parameter) when it cannot be used.
    virtual Result<CustomerSearchPage> search(const CustomerSearch& search) = 0;
};

class UserRepository {
public:
    virtual ~UserRepository() = default;
    /// AlreadyExists when the username is taken.
    virtual Result<User> insert(const User& user) = 0;
    virtual Result<User> find(UserId id) = 0;
    virtual Result<User> find_by_username(std::string_view username) = 0;
    virtual Result<std::vector<User>> list() = 0;
    /// Stores the new hash and ends all of the user's sessions, in one transaction: whoever knew the old
    /// password may hold a session, and a password change is how an admin locks them out.
    virtual Result<void> set_password_hash(UserId id, const std::string& password_hash) = 0;
    /// Deactivates (deactivated_at = now, ending the user's sessions in the same transaction) or, with nullopt,
    /// reactivates the user. NotFound when there is no such user.
    virtual Result<void> set_deactivated_at(UserId id, std::optional<TimestampMs> deactivated_at) = 0;
    virtual Result<std::size_t> count() = 0;
};

class SessionRepository {
public:
    virtual ~SessionRepository() = default;
    virtual Result<void> insert(const Session& session) = 0;
    /// NotFound when unknown or expired at `now`.
    virtual Result<Session> find(const std::string& token_hash, TimestampMs now) = 0;
    virtual Result<void> remove(const std::string& token_hash) = 0;
    virtual Result<std::size_t> remove_expired(TimestampMs now) = 0;
    /// Ends every session of the user (after a password change); returns how many there were.
    virtual Result<std::size_t> remove_for_user(UserId user_id) = 0;
};

class ApiTokenRepository {
public:
    virtual ~ApiTokenRepository() = default;
    virtual Result<ApiToken> insert(const ApiToken& token) = 0;
    virtual Result<ApiToken> find(const std::string& token_hash) = 0;
};

}  // namespace kartoteka::domain
