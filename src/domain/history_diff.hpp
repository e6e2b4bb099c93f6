#pragma once

#include <string>
#include <vector>

#include "domain/customer.hpp"
#include "domain/history.hpp"

// What a change to a customer record changed, as history FieldChanges. Values are the JSON the customer API
// uses for the field (empty text is null; addresses, tags and contacts are whole values), so a `before` value
// can be sent back through the API's patch parser to restore it.
namespace kartoteka::domain {

/// The customer's fields in API order, each with its JSON value.
std::vector<std::pair<std::string, std::string>> customer_field_values(const Customer& customer);

/// For a `created` entry: every field that is not empty (null, "" or []), with before = null.
std::vector<FieldChange> created_changes(const Customer& customer);

/// One change per field whose value differs; empty when nothing changed. Version and timestamps are not
/// fields of the record and never appear.
std::vector<FieldChange> diff_customer(const Customer& before, const Customer& after);

/// A contact person added, removed or edited, for the subject=contact entries next to the customer's.
struct ContactChange {
    ContactId contact_id = 0;
    std::string label = {};                         // the contact's name (after the change; before it when removed)
    HistoryAction action = HistoryAction::Updated;  // Created, Updated or Trashed (removed)
    std::vector<FieldChange> changes = {};

    bool operator==(const ContactChange&) const = default;
};

/// Matches contacts by id. Contacts in `after` must carry their stored ids. A change of position alone is
/// not a contact change (it shows in the customer's `contacts` field).
std::vector<ContactChange> diff_contacts(const std::vector<Contact>& before, const std::vector<Contact>& after);

}  // namespace kartoteka::domain
