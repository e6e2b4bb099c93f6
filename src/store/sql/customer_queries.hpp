#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "domain/customer.hpp"
#include "util/text.hpp"

// DML shared by every backend: `$N` placeholders, BIGINT millisecond timestamps, booleans as 0/1.
namespace kartoteka::store::sql {

// Inserts that create an id have no RETURNING clause here: a PostgreSQL backend appends " RETURNING id",
// while SQLite reads sqlite3_last_insert_rowid(). SQLite implements RETURNING with an internal trigger, which
// makes every insert open a statement journal and costs bulk inserts a large share of their time.

/// The columns read_customer() expects, in this order.
inline constexpr std::string_view kCustomerColumns =
    "c.id, c.kind, c.name, c.first_name, c.last_name, c.ico, c.dic, c.email, c.phone, c.web, "
    "c.billing_street, c.billing_city, c.billing_postal_code, c.billing_country, "
    "c.has_delivery, c.delivery_street, c.delivery_city, c.delivery_postal_code, c.delivery_country, "
    "c.status, c.owner_id, c.note, c.version, c.created_at, c.updated_at, c.deleted_at";
inline constexpr int kCustomerColumnCount = 26;

inline constexpr std::string_view kSelectCustomerById =
    "SELECT c.id, c.kind, c.name, c.first_name, c.last_name, c.ico, c.dic, c.email, c.phone, c.web, "
    "c.billing_street, c.billing_city, c.billing_postal_code, c.billing_country, "
    "c.has_delivery, c.delivery_street, c.delivery_city, c.delivery_postal_code, c.delivery_country, "
    "c.status, c.owner_id, c.note, c.version, c.created_at, c.updated_at, c.deleted_at "
    "FROM customers c WHERE c.id = $1";

// $1..$22 are bound by bind_customer_fields(); then created_at $23, updated_at $24, deleted_at $25 and the
// derived search and match columns from kInsertCustomerDerivedFirst ($26..$29).
inline constexpr std::string_view kInsertCustomer =
    "INSERT INTO customers (kind, name, first_name, last_name, ico, dic, email, phone, web, "
    "billing_street, billing_city, billing_postal_code, billing_country, "
    "has_delivery, delivery_street, delivery_city, delivery_postal_code, delivery_country, "
    "status, owner_id, note, version, created_at, updated_at, deleted_at, "
    "name_sort_key, name_search, billing_city_search, match_name_key) VALUES ("
    "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, "
    "$21, $22, $23, $24, $25, $26, $27, $28, $29)";

inline constexpr int kInsertCustomerDerivedFirst = 26;

// created_at and deleted_at are not part of a replacement: they belong to the stored record. The numbering
// is dense ($1..$27) because PostgreSQL cannot prepare a statement with gaps in its parameter numbers.
// $1..$22 as in kInsertCustomer, updated_at $23, derived search columns $24..$26, id $27, match_name_key $28
// (bound with the derived columns, see DerivedColumns in sqlite_customer_repository.cpp).
inline constexpr std::string_view kUpdateCustomer =
    "UPDATE customers SET kind = $1, name = $2, first_name = $3, last_name = $4, ico = $5, dic = $6, "
    "email = $7, phone = $8, web = $9, billing_street = $10, billing_city = $11, billing_postal_code = $12, "
    "billing_country = $13, has_delivery = $14, delivery_street = $15, delivery_city = $16, "
    "delivery_postal_code = $17, delivery_country = $18, status = $19, owner_id = $20, note = $21, "
    "version = $22, updated_at = $23, name_sort_key = $24, name_search = $25, billing_city_search = $26, "
    "match_name_key = $28 WHERE id = $27";
inline constexpr int kUpdateCustomerDerivedFirst = 24;

inline constexpr std::string_view kSelectCustomerState = "SELECT version, deleted_at FROM customers WHERE id = $1";
inline constexpr std::string_view kSetCustomerDeletedAt =
    "UPDATE customers SET deleted_at = $1, updated_at = $2, version = version + 1 WHERE id = $3";

inline constexpr std::string_view kSelectTags =
    "SELECT customer_id, tag FROM customer_tags WHERE customer_id = $1 ORDER BY position";
inline constexpr std::string_view kDeleteTags = "DELETE FROM customer_tags WHERE customer_id = $1";
inline constexpr std::string_view kInsertTag =
    "INSERT INTO customer_tags (customer_id, position, tag) VALUES ($1, $2, $3)";

inline constexpr std::string_view kSelectContacts =
    "SELECT id, customer_id, name, role, email, phone, note FROM contacts WHERE customer_id = $1 ORDER BY position";
inline constexpr std::string_view kSelectContactIds = "SELECT id FROM contacts WHERE customer_id = $1";
inline constexpr std::string_view kInsertContact =
    "INSERT INTO contacts (customer_id, position, name, role, email, phone, note) VALUES ($1, $2, $3, $4, $5, $6, $7)";
inline constexpr std::string_view kUpdateContact =
    "UPDATE contacts SET position = $2, name = $3, role = $4, email = $5, phone = $6, note = $7 WHERE id = $1";
inline constexpr std::string_view kDeleteContact = "DELETE FROM contacts WHERE id = $1";

inline constexpr std::string_view kInsertUser =
    "INSERT INTO users (username, display_name, password_hash, is_admin, created_at) VALUES ($1, $2, $3, $4, $5)";
inline constexpr std::string_view kSelectUserById =
    "SELECT id, username, display_name, password_hash, is_admin, created_at FROM users WHERE id = $1";
inline constexpr std::string_view kSelectUserByUsername =
    "SELECT id, username, display_name, password_hash, is_admin, created_at FROM users WHERE username = $1";
inline constexpr std::string_view kSelectUsers =
    "SELECT id, username, display_name, password_hash, is_admin, created_at FROM users ORDER BY id";
inline constexpr std::string_view kUpdatePasswordHash = "UPDATE users SET password_hash = $1 WHERE id = $2";
inline constexpr std::string_view kCountUsers = "SELECT COUNT(*) FROM users";

inline constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)";
inline constexpr std::string_view kSelectSession =
    "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions "
    "WHERE token_hash = $1 AND expires_at > $2";
inline constexpr std::string_view kDeleteSession = "DELETE FROM sessions WHERE token_hash = $1";
inline constexpr std::string_view kDeleteExpiredSessions = "DELETE FROM sessions WHERE expires_at <= $1";
inline constexpr std::string_view kDeleteUserSessions = "DELETE FROM sessions WHERE user_id = $1";

inline constexpr std::string_view kInsertApiToken =
    "INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES ($1, $2, $3, $4)";
inline constexpr std::string_view kSelectApiToken =
    "SELECT id, token_hash, user_id, name, created_at FROM api_tokens WHERE token_hash = $1";

/// Maps one row of kCustomerColumns (tags and contacts are loaded separately). Row is the backend's row
/// type with is_null(i), int64(i) and text(i).
template <typename Row>
domain::Customer read_customer(const Row& row) {
    domain::Customer customer;
    customer.id = row.int64(0);
    const auto kind = domain::parse_customer_kind(row.text_view(1));
    const auto status = domain::parse_customer_status(row.text_view(19));
    if (!kind || !status) {
        throw std::runtime_error("customer " + std::to_string(customer.id) + " has an unknown kind or status");
    }
    customer.kind = *kind;
    customer.name = row.text(2);
    customer.first_name = row.text(3);
    customer.last_name = row.text(4);
    customer.ico = row.text(5);
    customer.dic = row.text(6);
    customer.email = row.text(7);
    customer.phone = row.text(8);
    customer.web = row.text(9);
    customer.billing_address = {row.text(10), row.text(11), row.text(12), row.text(13)};
    if (row.int64(14) != 0) {
        customer.delivery_address = domain::Address{row.text(15), row.text(16), row.text(17), row.text(18)};
    }
    customer.status = *status;
    if (!row.is_null(20)) {
        customer.owner_id = row.int64(20);
    }
    customer.note = row.text(21);
    customer.version = row.int64(22);
    customer.created_at = row.int64(23);
    customer.updated_at = row.int64(24);
    if (!row.is_null(25)) {
        customer.deleted_at = row.int64(25);
    }
    return customer;
}

/// Binds $1..$22, the columns kInsertCustomer and kUpdateCustomer share.
template <typename Statement>
void bind_customer_fields(Statement& statement, const domain::Customer& customer, std::int64_t version) {
    static const domain::Address kNoAddress{.country = ""};
    const domain::Address& delivery = customer.delivery_address ? *customer.delivery_address : kNoAddress;
    statement.bind("$1", std::string_view(domain::to_string(customer.kind)))
        .bind("$2", std::string_view(customer.name))
        .bind("$3", std::string_view(customer.first_name))
        .bind("$4", std::string_view(customer.last_name))
        .bind("$5", std::string_view(customer.ico))
        .bind("$6", std::string_view(customer.dic))
        .bind("$7", std::string_view(customer.email))
        .bind("$8", std::string_view(customer.phone))
        .bind("$9", std::string_view(customer.web))
        .bind("$10", std::string_view(customer.billing_address.street))
        .bind("$11", std::string_view(customer.billing_address.city))
        .bind("$12", std::string_view(customer.billing_address.postal_code))
        .bind("$13", std::string_view(customer.billing_address.country))
        .bind("$14", std::int64_t{customer.delivery_address ? 1 : 0})
        .bind("$15", std::string_view(delivery.street))
        .bind("$16", std::string_view(delivery.city))
        .bind("$17", std::string_view(delivery.postal_code))
        .bind("$18", std::string_view(delivery.country))
        .bind("$19", std::string_view(domain::to_string(customer.status)))
        .bind("$20", customer.owner_id)
        .bind("$21", std::string_view(customer.note))
        .bind("$22", version);
}

}  // namespace kartoteka::store::sql
