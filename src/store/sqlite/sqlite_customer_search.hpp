#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/customer.hpp"
#include "domain/search_query.hpp"
#include "store/sqlite/sqlite_connection.hpp"

// The customer search index of the SQLite store: one FTS5 row per customer (rowid = customer id) holding a
// folded "document" in five columns, so a match can be limited to e-mails or to numbers and ranked by where
// it hit. Writers call reindex_customers() inside their own transaction, so the index never lags the data.
// PostgreSQL would use its own indexes behind the same repository interface; nothing here leaks out of it.
namespace kartoteka::store::sqlite {

/// Migration 0003: the index table and a flag saying whether it still has to be filled from existing rows.
extern const char* const kSearchIndexMigration;
/// Migration 0006: the indexes the customer list's index walks need (see sqlite_customer_list_search.cpp).
extern const char* const kSearchWalkMigration;

struct SearchDocument {
    std::string name;   // name, first and last name, contact persons' names
    std::string codes;  // IČO with and without leading zeros, DIČ with and without the country prefix
    std::string email;  // e-mails of the customer and its contact persons
    std::string phone;  // phone digits: national, international, and every suffix of 3+ digits (infix search)
    std::string other;  // web, streets, cities, postal codes, tags, note, minutes' subjects
};

/// The folded document of one customer. Pure; exposed for tests.
SearchDocument build_search_document(const domain::Customer& customer, const std::vector<std::string>& minute_subjects);

/// Replaces the index rows of customers first..last (inclusive); ids without a customer lose their row.
void reindex_customers(Connection& connection, domain::CustomerId first, domain::CustomerId last);
void reindex_customer(Connection& connection, domain::CustomerId id);

/// Fills the index from every stored customer when migration 0003 left it empty (or `force`). Runs in its own
/// transactions of a few thousand customers each; returns how many customers were indexed.
std::int64_t build_search_index(Connection& connection, bool force = false);

/// The FTS5 MATCH expression for a query: every word a quoted prefix term, AND-ed; "@domain" limits the
/// domain to the e-mail column. User text only ever appears inside quotes, so FTS syntax in it is inert.
/// Empty when the query has no words.
std::string fts_match_expression(const domain::SearchQuery& query);

}  // namespace kartoteka::store::sqlite
