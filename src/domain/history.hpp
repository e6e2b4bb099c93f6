#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/actor.hpp"
#include "domain/customer.hpp"
#include "domain/error.hpp"

// The history of a customer card: an append-only log of every change to the customer and to what hangs on
// it (contact persons, minutes, tasks, documents). Entries are written by the store in the transaction of
// the change itself, so there is never an entry for a change that did not happen, nor a change without one.
namespace kartoteka::domain {

using HistoryEntryId = std::int64_t;

/// What the entry is about. The JSON/query names are the lower-case words.
enum class HistorySubject { Customer, Contact, Note, Task, Document };

/// created, updated, trashed, restored (from the trash), value_restored (a past value copied back),
/// version_added (a new version of a document).
enum class HistoryAction { Created, Updated, Trashed, Restored, ValueRestored, VersionAdded };

/// One field's value before and after, as JSON text ("null" when absent). Relations (tags, contacts,
/// participants, attachments) are whole JSON values, so copying `before` back restores them exactly.
struct FieldChange {
    std::string field = {};
    std::string before_json = "null";
    std::string after_json = "null";

    bool operator==(const FieldChange&) const = default;
};

struct HistoryEntry {
    HistoryEntryId id = 0;
    CustomerId customer_id = 0;
    HistorySubject subject = HistorySubject::Customer;
    std::int64_t subject_id = 0;     // the customer's, contact's, note's, task's or document's id
    std::string subject_label = {};  // a human name at the time: the note's subject, the file name...
    HistoryAction action = HistoryAction::Updated;
    std::vector<FieldChange> changes = {};  // for created/updated/value_restored; empty otherwise
    Actor actor = {};
    std::string actor_name = {};  // filled when read (the user's display name), ignored when written
    std::optional<HistoryEntryId> restored_from = std::nullopt;  // value_restored: the entry copied back
    TimestampMs at = 0;
};

struct HistoryQuery {
    CustomerId customer_id = 0;
    std::optional<HistorySubject> subject = std::nullopt;    // filter by kind
    std::optional<HistoryEntryId> before_id = std::nullopt;  // keyset cursor: entries older than this id
    std::size_t limit = 50;
};

struct HistoryPage {
    std::vector<HistoryEntry> items = {};  // newest first
    std::optional<HistoryEntryId> next_before_id = std::nullopt;
};

const char* to_string(HistorySubject subject);
const char* to_string(HistoryAction action);
std::optional<HistorySubject> parse_history_subject(std::string_view text);
std::optional<HistoryAction> parse_history_action(std::string_view text);

/// Read side of the log; the write side is part of each repository's own transactions.
class HistoryRepository {
public:
    virtual ~HistoryRepository() = default;
    virtual Result<HistoryPage> list(const HistoryQuery& query) = 0;
    /// NotFound when there is no such entry for this customer.
    virtual Result<HistoryEntry> find(CustomerId customer_id, HistoryEntryId id) = 0;
};

}  // namespace kartoteka::domain
