#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/actor.hpp"
#include "domain/customer.hpp"
#include "domain/error.hpp"
#include "domain/history.hpp"
#include "domain/import.hpp"
#include "store/sqlite/sqlite_connection.hpp"

// The customer writes of sqlite_customer_repository.cpp, for other repositories that change customers inside
// their own write transaction (the import repository). They do exactly what the customer repository does, so
// an imported customer is indexed, matched and recorded in the history like one created in the UI.
namespace kartoteka::store::sqlite {

/// The customers.match_name_key value: the normalised name and the folded billing city joined by U+001F;
/// empty (stored as NULL) when the name gives no key, so such customers are never matched by name.
std::string match_name_key(const domain::MatchKeys& keys);
std::string match_name_key(const domain::Customer& customer);

/// Inserts the customer row, its tags and contacts (version 1); fills contact ids into `stored_contacts` when
/// given. The caller indexes the new ids (index_new_customer_names + reindex_customers) before committing.
Result<domain::CustomerId> insert_customer_row(
    Connection& connection, const domain::Customer& customer, std::vector<domain::Contact>* stored_contacts
);
/// The trigram name index of customers first..last, once per inserting transaction (see customers_fts).
void index_new_customer_names(Connection& connection, domain::CustomerId first, domain::CustomerId last);
/// Replaces the stored fields, tags and contacts of customer.id and sets `version`; no version check.
Result<void> update_customer_row(Connection& connection, const domain::Customer& customer, std::int64_t version);
Result<domain::Customer> load_customer_row(Connection& connection, domain::CustomerId id, bool include_trashed);
/// Fills the tags and contact persons of a page of customers with two queries (not two per customer).
void load_page_details(Connection& connection, std::vector<domain::Customer>& customers);

/// The customer's own history entry plus one per changed contact person.
void record_customer_change(
    Connection& connection,
    const domain::Customer& customer,
    domain::HistoryAction action,
    std::vector<domain::FieldChange> changes,
    const domain::Actor& actor,
    domain::TimestampMs at
);
void record_contact_changes(
    Connection& connection,
    domain::CustomerId customer_id,
    const std::vector<domain::Contact>& before,
    const std::vector<domain::Contact>& after,
    const domain::Actor& actor,
    domain::TimestampMs at
);

}  // namespace kartoteka::store::sqlite
