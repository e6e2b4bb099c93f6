#include "store/sqlite/sqlite_import_repository.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <string>
#include <unordered_set>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "domain/history_diff.hpp"
#include "store/sql/customer_queries.hpp"
#include "store/sqlite/sqlite_customer_search.hpp"
#include "store/sqlite/sqlite_customer_writes.hpp"

namespace kartoteka::store::sqlite {

const char* const kImportsMigration = R"sql(
-- One row per import: who, when, which file and sheet, the options chosen and the running counts. The counts
-- are added in the transaction that writes the rows they count, so after a crash they match the store.
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    status TEXT NOT NULL,            -- draft | running | succeeded | failed | cancelled | interrupted | reverted
    created_by INTEGER NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    started_at BIGINT NULL,
    finished_at BIGINT NULL,
    file_name TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL DEFAULT '',
    sheet TEXT NOT NULL DEFAULT '',
    options_json TEXT NOT NULL DEFAULT '',
    rows_total BIGINT NOT NULL DEFAULT 0,
    rows_done BIGINT NOT NULL DEFAULT 0,
    created_count BIGINT NOT NULL DEFAULT 0,
    updated_count BIGINT NOT NULL DEFAULT 0,
    skipped_count BIGINT NOT NULL DEFAULT 0,
    rejected_count BIGINT NOT NULL DEFAULT 0,
    duplicate_count BIGINT NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '',
    reverted_at BIGINT NULL,
    reverted_by INTEGER NULL REFERENCES users(id)
);
CREATE INDEX imports_running ON imports(id) WHERE status = 'running';

-- What each written row did, for revert: created customers go to the trash; updated ones get the `before`
-- value of every column in `after_json` (column key -> JSON value) that still holds the import's value.
-- Keyed by row: two rows of one file may update the same customer, and revert undoes them newest first.
CREATE TABLE import_changes (
    import_id INTEGER NOT NULL REFERENCES imports(id),
    row_number INTEGER NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    action TEXT NOT NULL,            -- created | updated
    before_json TEXT NOT NULL DEFAULT '{}',
    after_json TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (import_id, row_number)
) WITHOUT ROWID;

-- Rows not written, with their original cells, for the error report.
CREATE TABLE import_rejections (
    id INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES imports(id),
    row_number INTEGER NOT NULL,
    cells_json TEXT NOT NULL DEFAULT '[]',
    reason TEXT NOT NULL DEFAULT '',
    code TEXT NOT NULL DEFAULT ''
);
CREATE INDEX import_rejections_row ON import_rejections(import_id, row_number, id);

CREATE TABLE import_mappings (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    by_header_json TEXT NOT NULL DEFAULT '{}',  -- {"header text": "column key"}
    created_by INTEGER NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);

-- Duplicate matching of import rows against live customers: IČO, then e-mail, then name + city.
-- match_name_key = normalized_name_key(name) || char(31) || folded billing city, NULL when the name gives no
-- key; every customer write sets it. Its index is built by backfill_match_name_keys() once the column is
-- filled (cheaper than maintaining it row by row while filling).
-- IČO and e-mail lookups use customers_live_ico and customers_live_email (ico, lower(email), live rows), which
-- migration 0006 creates for the search's exact-match tier.
ALTER TABLE customers ADD COLUMN match_name_key TEXT NULL;
)sql";

namespace {

using domain::Customer;
using domain::CustomerColumn;
using domain::CustomerId;
using domain::ImportCounts;
using domain::ImportRecord;
using Json = nlohmann::json;

domain::TimestampMs now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// ---- match_name_key backfill ----

void sql_match_name_key(sqlite3_context* context, int /*argc*/, sqlite3_value** argv) {
    const auto text = [](sqlite3_value* value) {
        const auto* bytes = reinterpret_cast<const char*>(sqlite3_value_text(value));
        return bytes == nullptr ? std::string{}
                                : std::string(bytes, static_cast<std::size_t>(sqlite3_value_bytes(value)));
    };
    Customer customer;
    customer.name = text(argv[0]);
    customer.billing_address.city = text(argv[1]);
    const std::string key = match_name_key(customer);
    if (key.empty()) {
        sqlite3_result_null(context);
    } else {
        sqlite3_result_text(context, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
    }
}

// ---- the imports row ----

constexpr std::string_view kImportColumns =
    "id, status, created_by, created_at, started_at, finished_at, file_name, format, sheet, options_json, "
    "rows_total, rows_done, created_count, updated_count, skipped_count, rejected_count, duplicate_count, error, "
    "reverted_at, reverted_by";

std::optional<std::int64_t> optional_int(const Statement& statement, int column) {
    if (statement.is_null(column)) {
        return std::nullopt;
    }
    return statement.int64(column);
}

ImportRecord read_record(const Statement& statement) {
    ImportRecord record;
    record.id = statement.int64(0);
    record.status = domain::parse_import_status(statement.text_view(1)).value_or(domain::ImportStatus::Failed);
    record.created_by = optional_int(statement, 2);
    record.created_at = statement.int64(3);
    record.started_at = optional_int(statement, 4);
    record.finished_at = optional_int(statement, 5);
    record.file_name = statement.text(6);
    record.format = statement.text(7);
    record.sheet = statement.text(8);
    record.options_json = statement.text(9);
    record.counts = ImportCounts{
        .rows_total = statement.int64(10),
        .rows_done = statement.int64(11),
        .created = statement.int64(12),
        .updated = statement.int64(13),
        .skipped = statement.int64(14),
        .rejected = statement.int64(15),
        .duplicates = statement.int64(16),
    };
    record.error = statement.text(17);
    record.reverted_at = optional_int(statement, 18);
    record.reverted_by = optional_int(statement, 19);
    return record;
}

Result<ImportRecord> load_record(Connection& connection, domain::ImportId id) {
    static const std::string sql = "SELECT " + std::string(kImportColumns) + " FROM imports WHERE id = $1";
    auto statement = connection.prepare(sql);
    statement.bind("$1", id);
    if (!statement.step()) {
        return fail(Error::not_found("import " + std::to_string(id) + " not found"));
    }
    return read_record(statement);
}

Error precondition(std::string message) {
    return Error{ErrorCode::FailedPrecondition, std::move(message)};
}

// ---- per-column values of a customer, for import_changes and revert ----

Json text_value(const std::string& text) {
    return text.empty() ? Json(nullptr) : Json(text);
}

std::string text_of(const Json& value) {
    return value.is_string() ? value.get<std::string>() : std::string{};
}

Json contact_value(const domain::Contact& contact) {
    return Json{
        {"name", text_value(contact.name)},
        {"role", text_value(contact.role)},
        {"email", text_value(contact.email)},
        {"phone", text_value(contact.phone)},
        {"note", text_value(contact.note)},
    };
}

Json contacts_value(const std::vector<domain::Contact>& contacts) {
    auto array = Json::array();
    for (const auto& contact : contacts) {
        array.push_back(contact_value(contact));
    }
    return array;
}

/// Sets the contact list to `target` (values without ids), keeping the stored contact (and its id, which
/// minutes refer to) wherever one with the same values exists.
void set_contacts(Customer& customer, const Json& target) {
    std::vector<domain::Contact> restored;
    std::vector<bool> used(customer.contacts.size(), false);
    for (const auto& wanted : target.is_array() ? target : Json::array()) {
        bool found = false;
        for (std::size_t i = 0; i < customer.contacts.size(); ++i) {
            if (!used[i] && contact_value(customer.contacts[i]) == wanted) {
                used[i] = true;
                restored.push_back(customer.contacts[i]);
                found = true;
                break;
            }
        }
        if (!found) {
            restored.push_back(domain::Contact{
                .name = text_of(wanted.value("name", Json())),
                .role = text_of(wanted.value("role", Json())),
                .email = text_of(wanted.value("email", Json())),
                .phone = text_of(wanted.value("phone", Json())),
                .note = text_of(wanted.value("note", Json())),
            });
        }
    }
    customer.contacts = std::move(restored);
}

struct ColumnAccess {
    std::string_view key;
    Json (*get)(const Customer&);
    void (*set)(Customer&, const Json&);
};

std::string_view key_of(CustomerColumn column) {
    return domain::column_info(column).key;
}

/// The columns an import can change: the importable customer columns, with the contact person columns
/// replaced by the whole list ("contacts"), because an import adds a contact person rather than editing
/// the first one.
const std::vector<ColumnAccess>& column_accessors() {
    static const std::vector<ColumnAccess> accessors = {
        {key_of(CustomerColumn::Name),
         [](const Customer& c) { return text_value(c.name); },
         [](Customer& c, const Json& v) {
             c.name = text_of(v);
         }},
        {key_of(CustomerColumn::Kind),
         [](const Customer& c) { return Json(domain::to_string(c.kind)); },
         [](Customer& c, const Json& v) {
             c.kind = domain::parse_customer_kind(text_of(v)).value_or(c.kind);
         }},
        {key_of(CustomerColumn::FirstName),
         [](const Customer& c) { return text_value(c.first_name); },
         [](Customer& c, const Json& v) {
             c.first_name = text_of(v);
         }},
        {key_of(CustomerColumn::LastName),
         [](const Customer& c) { return text_value(c.last_name); },
         [](Customer& c, const Json& v) {
             c.last_name = text_of(v);
         }},
        {key_of(CustomerColumn::Ico),
         [](const Customer& c) { return text_value(c.ico); },
         [](Customer& c, const Json& v) {
             c.ico = text_of(v);
         }},
        {key_of(CustomerColumn::Dic),
         [](const Customer& c) { return text_value(c.dic); },
         [](Customer& c, const Json& v) {
             c.dic = text_of(v);
         }},
        {key_of(CustomerColumn::Email),
         [](const Customer& c) { return text_value(c.email); },
         [](Customer& c, const Json& v) {
             c.email = text_of(v);
         }},
        {key_of(CustomerColumn::Phone),
         [](const Customer& c) { return text_value(c.phone); },
         [](Customer& c, const Json& v) {
             c.phone = text_of(v);
         }},
        {key_of(CustomerColumn::Web),
         [](const Customer& c) { return text_value(c.web); },
         [](Customer& c, const Json& v) {
             c.web = text_of(v);
         }},
        {key_of(CustomerColumn::Street),
         [](const Customer& c) { return text_value(c.billing_address.street); },
         [](Customer& c, const Json& v) {
             c.billing_address.street = text_of(v);
         }},
        {key_of(CustomerColumn::City),
         [](const Customer& c) { return text_value(c.billing_address.city); },
         [](Customer& c, const Json& v) {
             c.billing_address.city = text_of(v);
         }},
        {key_of(CustomerColumn::PostalCode),
         [](const Customer& c) { return text_value(c.billing_address.postal_code); },
         [](Customer& c, const Json& v) {
             c.billing_address.postal_code = text_of(v);
         }},
        {key_of(CustomerColumn::Country),
         [](const Customer& c) { return text_value(c.billing_address.country); },
         [](Customer& c, const Json& v) {
             c.billing_address.country = text_of(v);
         }},
        {key_of(CustomerColumn::Status),
         [](const Customer& c) { return Json(domain::to_string(c.status)); },
         [](Customer& c, const Json& v) {
             c.status = domain::parse_customer_status(text_of(v)).value_or(c.status);
         }},
        {key_of(CustomerColumn::Owner),
         [](const Customer& c) { return c.owner_id ? Json(*c.owner_id) : Json(nullptr); },
         [](Customer& c, const Json& v) {
             c.owner_id = v.is_number_integer() ? std::optional<domain::UserId>(v.get<domain::UserId>()) : std::nullopt;
         }},
        {key_of(CustomerColumn::Tags),
         [](const Customer& c) { return Json(c.tags); },
         [](Customer& c, const Json& v) {
             c.tags.clear();
             for (const auto& tag : v.is_array() ? v : Json::array()) {
                 c.tags.push_back(text_of(tag));
             }
         }},
        {key_of(CustomerColumn::Note),
         [](const Customer& c) { return text_value(c.note); },
         [](Customer& c, const Json& v) {
             c.note = text_of(v);
         }},
        {"contacts", [](const Customer& c) { return contacts_value(c.contacts); }, &set_contacts},
    };
    return accessors;
}

const ColumnAccess* find_accessor(std::string_view key) {
    for (const auto& accessor : column_accessors()) {
        if (accessor.key == key) {
            return &accessor;
        }
    }
    return nullptr;
}

/// {column key: value} before and after, for the columns whose value differs.
std::pair<Json, Json> changed_columns(const Customer& before, const Customer& after) {
    Json old_values = Json::object();
    Json new_values = Json::object();
    for (const auto& accessor : column_accessors()) {
        Json old_value = accessor.get(before);
        Json new_value = accessor.get(after);
        if (old_value != new_value) {
            old_values[std::string(accessor.key)] = std::move(old_value);
            new_values[std::string(accessor.key)] = std::move(new_value);
        }
    }
    return {std::move(old_values), std::move(new_values)};
}

// ---- write ----

constexpr std::string_view kInsertChange =
    "INSERT INTO import_changes (import_id, row_number, customer_id, action, before_json, after_json) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
constexpr std::string_view kInsertRejection =
    "INSERT INTO import_rejections (import_id, row_number, cells_json, reason, code) VALUES ($1, $2, $3, $4, $5)";
constexpr std::string_view kAddCounts =
    "UPDATE imports SET rows_done = rows_done + $2, created_count = created_count + $3, "
    "updated_count = updated_count + $4, skipped_count = skipped_count + $5, "
    "rejected_count = rejected_count + $6, duplicate_count = duplicate_count + $7 WHERE id = $1";

void insert_rejection(Connection& connection, domain::ImportId id, const domain::ImportRejection& rejection) {
    const std::string cells = Json(rejection.cells).dump(-1, ' ', false, Json::error_handler_t::replace);
    connection.prepare(kInsertRejection)
        .bind("$1", id)
        .bind("$2", static_cast<std::int64_t>(rejection.row_number))
        .bind("$3", std::string_view(cells))
        .bind("$4", std::string_view(rejection.reason))
        .bind("$5", std::string_view(rejection.code))
        .run();
}

void insert_change(
    Connection& connection,
    domain::ImportId id,
    std::uint32_t row_number,
    CustomerId customer_id,
    std::string_view action,
    std::string_view before_json,
    std::string_view after_json
) {
    connection.prepare(kInsertChange)
        .bind("$1", id)
        .bind("$2", static_cast<std::int64_t>(row_number))
        .bind("$3", customer_id)
        .bind("$4", action)
        .bind("$5", before_json)
        .bind("$6", after_json)
        .run();
}

bool is_owner_error(const Error& error) {
    return error.code == ErrorCode::InvalidArgument && error.field_errors.contains("owner_id");
}

/// Applies the batches of one write() call on the writer connection, inside its transaction.
class BatchWriter {
public:
    BatchWriter(Connection& connection, domain::ImportId id, const domain::Actor& actor)
        : connection_(connection),
          id_(id),
          actor_(actor),
          now_(now_ms()) {}

    Result<void> apply(const domain::ImportBatch& batch) {
        counts_.rows_done += batch.rows_read;
        counts_.skipped += batch.skipped;
        counts_.duplicates += batch.duplicates;
        for (const auto& rejection : batch.rejections) {
            reject(rejection);
        }
        for (const auto& write : batch.writes) {
            auto applied = write.action == domain::ImportWrite::Action::Create ? create(write) : update(write);
            if (!applied) {
                return applied;
            }
        }
        index_created();
        return ok();
    }

    const ImportCounts& counts() const { return counts_; }

private:
    void reject(const domain::ImportRejection& rejection) {
        insert_rejection(connection_, id_, rejection);
        ++counts_.rejected;
    }

    Result<void> create(const domain::ImportWrite& write) {
        Customer customer = write.incoming;
        customer.id = 0;
        customer.version = 1;
        customer.deleted_at = std::nullopt;
        customer.created_at = customer.created_at != 0 ? customer.created_at : now_;
        customer.updated_at = customer.updated_at != 0 ? customer.updated_at : customer.created_at;
        for (auto& contact : customer.contacts) {
            contact.id = 0;
        }
        auto id = insert_customer_row(connection_, customer, &customer.contacts);
        if (!id) {
            // The failing insert was the customer row itself (its owner), so nothing of the row is stored.
            if (is_owner_error(id.error())) {
                reject({write.row_number, {}, id.error().field_errors.at("owner_id"), "owner.unknown"});
                return ok();
            }
            return fail(id.error());
        }
        customer.id = *id;
        created_first_ = created_first_ == 0 ? *id : std::min(created_first_, *id);
        created_last_ = std::max(created_last_, *id);
        record_customer_change(
            connection_,
            customer,
            domain::HistoryAction::Created,
            domain::created_changes(customer),
            actor_,
            customer.created_at
        );
        record_contact_changes(connection_, customer.id, {}, customer.contacts, actor_, customer.created_at);
        insert_change(connection_, id_, write.row_number, customer.id, "created", "{}", "{}");
        ++counts_.created;
        return ok();
    }

    Result<void> update(const domain::ImportWrite& write) {
        if (write.target >= created_first_ && created_first_ != 0) {
            // The customers_fts update trigger expects the row to be indexed already.
            index_created();
        }
        auto stored = load_customer_row(connection_, write.target, false);
        if (!stored) {
            if (stored.error().code != ErrorCode::NotFound) {
                return fail(stored.error());
            }
            reject({
                write.row_number,
                {},
                "the matched customer " + std::to_string(write.target) + " was deleted or moved to the trash meanwhile",
                "duplicate.target_gone",
            });
            return ok();
        }
        Customer merged = domain::merge_for_import(*stored, write.incoming, write.mapped, write.policy);
        merged.id = stored->id;
        merged.created_at = stored->created_at;
        merged.deleted_at = std::nullopt;
        if (domain::diff_customer(*stored, merged).empty()) {
            ++counts_.skipped;  // nothing to change: not an update, and nothing to revert
            return ok();
        }
        merged.updated_at = write.incoming.updated_at != 0 ? write.incoming.updated_at : now_;
        if (auto written = update_customer_row(connection_, merged, stored->version + 1); !written) {
            if (is_owner_error(written.error())) {
                // The customer row's UPDATE failed as a whole before tags and contacts: nothing changed.
                reject({write.row_number, {}, written.error().field_errors.at("owner_id"), "owner.unknown"});
                return ok();
            }
            return fail(written.error());
        }
        auto after = load_customer_row(connection_, merged.id, false);
        if (!after) {
            return fail(after.error());
        }
        record_customer_change(
            connection_,
            *after,
            domain::HistoryAction::Updated,
            domain::diff_customer(*stored, *after),
            actor_,
            merged.updated_at
        );
        record_contact_changes(connection_, after->id, stored->contacts, after->contacts, actor_, merged.updated_at);
        reindex_customer(connection_, after->id);
        const auto [before_values, after_values] = changed_columns(*stored, *after);
        insert_change(
            connection_, id_, write.row_number, after->id, "updated", before_values.dump(), after_values.dump()
        );
        ++counts_.updated;
        return ok();
    }

    /// Ids of one transaction's inserts are consecutive (max(id) + 1 under the write lock), so the new rows
    /// are indexed as one range, once per batch: FTS5 writes a segment per flush, not per row.
    void index_created() {
        if (created_first_ == 0) {
            return;
        }
        index_new_customer_names(connection_, created_first_, created_last_);
        reindex_customers(connection_, created_first_, created_last_);
        created_first_ = 0;
        created_last_ = 0;
    }

    Connection& connection_;
    domain::ImportId id_;
    const domain::Actor& actor_;
    domain::TimestampMs now_;
    ImportCounts counts_;
    CustomerId created_first_ = 0;
    CustomerId created_last_ = 0;
};

// ---- find_matches ----

// Served by the partial indexes customers_live_ico / customers_live_email (WHERE deleted_at IS NULL).
constexpr std::string_view kMatchByIco =
    "SELECT id, name FROM customers WHERE ico = $1 AND deleted_at IS NULL ORDER BY id LIMIT 1";
constexpr std::string_view kMatchByEmail =
    "SELECT id, name FROM customers WHERE lower(email) = $1 AND deleted_at IS NULL ORDER BY id LIMIT 1";
constexpr std::string_view kMatchByNameCity =
    "SELECT id, name FROM customers WHERE match_name_key = $1 AND deleted_at IS NULL AND match_name_key IS NOT NULL "
    "ORDER BY id LIMIT 1";

std::optional<domain::StoreMatch> match_one(
    Connection& connection, std::string_view sql, std::string_view key, domain::MatchRule rule
) {
    if (key.empty()) {
        return std::nullopt;
    }
    auto statement = connection.prepare(sql);
    statement.bind("$1", key);
    if (!statement.step()) {
        return std::nullopt;
    }
    return domain::StoreMatch{.rule = rule, .id = statement.int64(0), .name = statement.text(1)};
}

// ---- revert ----

struct ChangeRow {
    std::uint32_t row_number = 0;
    CustomerId customer_id = 0;
    std::string action;
    std::string before_json;
    std::string after_json;
};

constexpr std::string_view kSelectNameAndTrash = "SELECT name, deleted_at FROM customers WHERE id = $1";

/// Reindexes the customers `ids` by runs of consecutive ids: an import's created customers mostly form one
/// run, so this is a few range rebuilds instead of one per customer.
void reindex_runs(Connection& connection, std::vector<CustomerId> ids) {
    std::sort(ids.begin(), ids.end());
    std::size_t start = 0;
    for (std::size_t i = 1; i <= ids.size(); ++i) {
        if (i == ids.size() || ids[i] != ids[i - 1] + 1) {
            reindex_customers(connection, ids[start], ids[i - 1]);
            start = i;
        }
    }
}

std::vector<ChangeRow> load_changes(Connection& connection, domain::ImportId id) {
    std::vector<ChangeRow> changes;
    auto statement = connection.prepare(
        "SELECT row_number, customer_id, action, before_json, after_json FROM import_changes WHERE import_id = $1 "
        "ORDER BY row_number DESC"
    );
    statement.bind("$1", id);
    while (statement.step()) {
        changes.push_back(ChangeRow{
            .row_number = static_cast<std::uint32_t>(statement.int64(0)),
            .customer_id = statement.int64(1),
            .action = statement.text(2),
            .before_json = statement.text(3),
            .after_json = statement.text(4),
        });
    }
    return changes;
}

}  // namespace

void backfill_match_name_keys(Connection& connection) {
    sqlite3* db = connection.handle();
    constexpr const char* kFunction = "kartoteka_match_name_key";
    if (sqlite3_create_function_v2(
            db,
            kFunction,
            2,
            SQLITE_UTF8 | SQLITE_DETERMINISTIC,
            nullptr,
            &sql_match_name_key,
            nullptr,
            nullptr,
            nullptr
        ) != SQLITE_OK) {
        throw SqliteError(sqlite3_extended_errcode(db), sqlite3_errmsg(db));
    }
    try {
        connection.execute_script("UPDATE customers SET match_name_key = kartoteka_match_name_key(name, billing_city)");
    } catch (...) {
        sqlite3_create_function_v2(db, kFunction, 2, SQLITE_UTF8, nullptr, nullptr, nullptr, nullptr, nullptr);
        throw;
    }
    // Only this migration knows the function; no later statement (or view, or index) may depend on it.
    sqlite3_create_function_v2(db, kFunction, 2, SQLITE_UTF8, nullptr, nullptr, nullptr, nullptr, nullptr);
    connection.execute_script(
        "CREATE INDEX customers_live_match_name ON customers(match_name_key) "
        "WHERE deleted_at IS NULL AND match_name_key IS NOT NULL"
    );
}

Result<ImportRecord> SqliteImportRepository::create(const ImportRecord& record) {
    return database_.write([&](Connection& connection) -> Result<ImportRecord> {
        connection
            .prepare(
                "INSERT INTO imports (status, created_by, created_at, started_at, finished_at, file_name, format, "
                "sheet, options_json, rows_total, rows_done, created_count, updated_count, skipped_count, "
                "rejected_count, duplicate_count, error, reverted_at, reverted_by) VALUES ($1, $2, $3, $4, $5, $6, "
                "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"
            )
            .bind("$1", std::string_view(domain::to_string(record.status)))
            .bind("$2", record.created_by)
            .bind("$3", record.created_at)
            .bind("$4", record.started_at)
            .bind("$5", record.finished_at)
            .bind("$6", std::string_view(record.file_name))
            .bind("$7", std::string_view(record.format))
            .bind("$8", std::string_view(record.sheet))
            .bind("$9", std::string_view(record.options_json))
            .bind("$10", record.counts.rows_total)
            .bind("$11", record.counts.rows_done)
            .bind("$12", record.counts.created)
            .bind("$13", record.counts.updated)
            .bind("$14", record.counts.skipped)
            .bind("$15", record.counts.rejected)
            .bind("$16", record.counts.duplicates)
            .bind("$17", std::string_view(record.error))
            .bind("$18", record.reverted_at)
            .bind("$19", record.reverted_by)
            .run();
        return load_record(connection, connection.last_insert_id());
    });
}

Result<ImportRecord> SqliteImportRepository::find(domain::ImportId id) {
    return database_.read([&](Connection& connection) { return load_record(connection, id); });
}

Result<std::vector<ImportRecord>> SqliteImportRepository::list(std::size_t limit) {
    return database_.read([&](Connection& connection) -> Result<std::vector<ImportRecord>> {
        static const std::string sql =
            "SELECT " + std::string(kImportColumns) + " FROM imports ORDER BY id DESC LIMIT $1";
        auto statement = connection.prepare(sql);
        statement.bind("$1", static_cast<std::int64_t>(limit));
        std::vector<ImportRecord> records;
        while (statement.step()) {
            records.push_back(read_record(statement));
        }
        return records;
    });
}

Result<void> SqliteImportRepository::update_status(const ImportRecord& record) {
    return database_.write([&](Connection& connection) -> Result<void> {
        connection
            .prepare(
                "UPDATE imports SET status = $2, started_at = $3, finished_at = $4, error = $5, options_json = $6, "
                "sheet = $7, rows_total = $8 WHERE id = $1"
            )
            .bind("$1", record.id)
            .bind("$2", std::string_view(domain::to_string(record.status)))
            .bind("$3", record.started_at)
            .bind("$4", record.finished_at)
            .bind("$5", std::string_view(record.error))
            .bind("$6", std::string_view(record.options_json))
            .bind("$7", std::string_view(record.sheet))
            .bind("$8", record.counts.rows_total)
            .run();
        if (connection.changes() == 0) {
            return fail(Error::not_found("import " + std::to_string(record.id) + " not found"));
        }
        return ok();
    });
}

Result<std::size_t> SqliteImportRepository::mark_interrupted(domain::TimestampMs now, std::string_view reason) {
    return database_.write([&](Connection& connection) -> Result<std::size_t> {
        connection
            .prepare("UPDATE imports SET status = 'interrupted', finished_at = $1, error = $2 WHERE status = 'running'")
            .bind("$1", now)
            .bind("$2", reason)
            .run();
        return static_cast<std::size_t>(connection.changes());
    });
}

Result<std::vector<std::optional<domain::StoreMatch>>> SqliteImportRepository::find_matches(
    const std::vector<domain::MatchKeys>& keys
) {
    return database_.read([&](Connection& connection) -> Result<std::vector<std::optional<domain::StoreMatch>>> {
        std::vector<std::optional<domain::StoreMatch>> matches;
        matches.reserve(keys.size());
        for (const auto& key : keys) {
            auto match = match_one(connection, kMatchByIco, key.ico, domain::MatchRule::Ico);
            if (!match) {
                match = match_one(connection, kMatchByEmail, key.email, domain::MatchRule::Email);
            }
            if (!match) {
                match = match_one(connection, kMatchByNameCity, match_name_key(key), domain::MatchRule::NameCity);
            }
            matches.push_back(std::move(match));
        }
        return matches;
    });
}

Result<ImportCounts> SqliteImportRepository::write(
    domain::ImportId id,
    const domain::Actor& actor,
    const std::function<Result<std::optional<domain::ImportBatch>>()>& next_batch
) {
    try {
        // One Database::write: the batches of this call commit together or not at all. The writer connection
        // is held while next_batch() reads the file, so a long all_or_nothing import delays other writes
        // until it finishes (accepted: imports are rare and the UI shows the progress).
        return database_.write([&](Connection& connection) -> Result<ImportCounts> {
            auto record = load_record(connection, id);
            if (!record) {
                return fail(record.error());
            }
            BatchWriter writer(connection, id, actor);
            while (true) {
                auto batch = next_batch();
                if (!batch) {
                    return fail(batch.error());
                }
                if (!*batch) {
                    break;
                }
                if (auto applied = writer.apply(**batch); !applied) {
                    return fail(applied.error());
                }
            }
            const auto& counts = writer.counts();
            connection.prepare(kAddCounts)
                .bind("$1", id)
                .bind("$2", counts.rows_done)
                .bind("$3", counts.created)
                .bind("$4", counts.updated)
                .bind("$5", counts.skipped)
                .bind("$6", counts.rejected)
                .bind("$7", counts.duplicates)
                .run();
            return counts;
        });
    } catch (const SqliteError& error) {
        // The engine runs on a background thread: a store failure ends the import as failed, not the server.
        return fail(Error::internal(std::string("import ") + std::to_string(id) + " write failed: " + error.what()));
    }
}

Result<std::vector<domain::ImportRejection>> SqliteImportRepository::rejections(
    domain::ImportId id, std::uint32_t after_row, std::size_t limit
) {
    return database_.read([&](Connection& connection) -> Result<std::vector<domain::ImportRejection>> {
        auto statement = connection.prepare(
            "SELECT row_number, cells_json, reason, code FROM import_rejections WHERE import_id = $1 AND "
            "row_number > $2 ORDER BY row_number, id LIMIT $3"
        );
        statement.bind("$1", id)
            .bind("$2", static_cast<std::int64_t>(after_row))
            .bind("$3", static_cast<std::int64_t>(limit));
        std::vector<domain::ImportRejection> rejected;
        while (statement.step()) {
            domain::ImportRejection rejection{
                .row_number = static_cast<std::uint32_t>(statement.int64(0)),
                .reason = statement.text(2),
                .code = statement.text(3),
            };
            const auto cells = Json::parse(statement.text_view(1), nullptr, false);
            if (cells.is_array()) {
                for (const auto& cell : cells) {
                    rejection.cells.push_back(text_of(cell));
                }
            }
            rejected.push_back(std::move(rejection));
        }
        return rejected;
    });
}

Result<domain::RevertOutcome> SqliteImportRepository::revert(
    domain::ImportId id, const domain::Actor& actor, domain::TimestampMs now
) {
    return database_.write([&](Connection& connection) -> Result<domain::RevertOutcome> {
        auto record = load_record(connection, id);
        if (!record) {
            return fail(record.error());
        }
        switch (record->status) {
            case domain::ImportStatus::Draft:
                return fail(precondition("import " + std::to_string(id) + " has not run"));
            case domain::ImportStatus::Running:
                return fail(precondition("import " + std::to_string(id) + " is still running"));
            case domain::ImportStatus::Reverted:
                return fail(precondition("import " + std::to_string(id) + " is already reverted"));
            default:
                break;
        }
        domain::RevertOutcome outcome;
        std::unordered_set<CustomerId> restored;
        std::vector<CustomerId> trashed_ids;
        // Newest row first: when two rows updated one customer, the later change is undone before the earlier.
        for (const auto& change : load_changes(connection, id)) {
            if (change.action == "created") {
                auto statement = connection.prepare(kSelectNameAndTrash);
                statement.bind("$1", change.customer_id);
                if (!statement.step() || !statement.is_null(1)) {
                    continue;  // someone trashed it already
                }
                Customer trashed;
                trashed.id = change.customer_id;
                trashed.name = statement.text(0);
                connection.prepare(sql::kSetCustomerDeletedAt)
                    .bind("$1", now)
                    .bind("$2", now)
                    .bind("$3", change.customer_id)
                    .run();
                record_customer_change(connection, trashed, domain::HistoryAction::Trashed, {}, actor, now);
                trashed_ids.push_back(change.customer_id);
                ++outcome.trashed;
                continue;
            }
            auto current = load_customer_row(connection, change.customer_id, true);
            if (!current) {
                return fail(current.error());
            }
            const auto before_values = Json::parse(change.before_json, nullptr, false);
            const auto after_values = Json::parse(change.after_json, nullptr, false);
            if (!after_values.is_object()) {
                continue;
            }
            Customer reverted = *current;
            bool changed = false;
            for (const auto& [key, import_value] : after_values.items()) {
                const ColumnAccess* accessor = find_accessor(key);
                if (accessor == nullptr) {
                    continue;
                }
                const Json current_value = accessor->get(*current);
                if (current_value != import_value) {
                    outcome.conflicts.push_back(domain::RevertConflict{
                        .customer_id = current->id,
                        .customer_name = current->name,
                        .field = key,
                        .import_value = import_value.dump(),
                        .current_value = current_value.dump(),
                    });
                    continue;
                }
                accessor->set(reverted, before_values.is_object() ? before_values.value(key, Json()) : Json());
                changed = true;
            }
            if (!changed) {
                continue;
            }
            reverted.updated_at = now;
            if (auto written = update_customer_row(connection, reverted, current->version + 1); !written) {
                return fail(written.error());
            }
            auto after = load_customer_row(connection, reverted.id, true);
            if (!after) {
                return fail(after.error());
            }
            record_customer_change(
                connection, *after, domain::HistoryAction::Updated, domain::diff_customer(*current, *after), actor, now
            );
            record_contact_changes(connection, after->id, current->contacts, after->contacts, actor, now);
            reindex_customer(connection, after->id);
            restored.insert(after->id);
        }
        reindex_runs(connection, std::move(trashed_ids));
        outcome.restored = static_cast<std::int64_t>(restored.size());
        connection.prepare("UPDATE imports SET status = 'reverted', reverted_at = $2, reverted_by = $3 WHERE id = $1")
            .bind("$1", id)
            .bind("$2", now)
            .bind("$3", actor.user_id)
            .run();
        return outcome;
    });
}

Result<domain::SavedImportMapping> SqliteImportRepository::save_mapping(const domain::SavedImportMapping& mapping) {
    if (mapping.name.empty()) {
        return fail(Error::invalid_field("name", "a saved mapping needs a name", "required"));
    }
    Json by_header = Json::object();
    for (const auto& [header, column] : mapping.by_header) {
        by_header[header] = std::string(key_of(column));
    }
    const std::string by_header_json = by_header.dump(-1, ' ', false, Json::error_handler_t::replace);
    return database_.write([&](Connection& connection) -> Result<domain::SavedImportMapping> {
        connection
            .prepare(
                "INSERT INTO import_mappings (name, by_header_json, created_by, created_at) VALUES ($1, $2, $3, $4) "
                "ON CONFLICT (name) DO UPDATE SET by_header_json = excluded.by_header_json, "
                "created_by = excluded.created_by, created_at = excluded.created_at"
            )
            .bind("$1", std::string_view(mapping.name))
            .bind("$2", std::string_view(by_header_json))
            .bind("$3", mapping.created_by)
            .bind("$4", mapping.created_at)
            .run();
        auto statement = connection.prepare("SELECT id FROM import_mappings WHERE name = $1");
        statement.bind("$1", std::string_view(mapping.name));
        statement.step();
        domain::SavedImportMapping saved = mapping;
        saved.id = statement.int64(0);
        return saved;
    });
}

Result<std::vector<domain::SavedImportMapping>> SqliteImportRepository::list_mappings() {
    return database_.read([&](Connection& connection) -> Result<std::vector<domain::SavedImportMapping>> {
        auto statement = connection.prepare(
            "SELECT id, name, by_header_json, created_by, created_at FROM import_mappings ORDER BY name, id"
        );
        std::vector<domain::SavedImportMapping> mappings;
        while (statement.step()) {
            domain::SavedImportMapping mapping{
                .id = statement.int64(0),
                .name = statement.text(1),
                .created_by = optional_int(statement, 3),
                .created_at = statement.int64(4),
            };
            const auto by_header = Json::parse(statement.text_view(2), nullptr, false);
            if (by_header.is_object()) {
                for (const auto& [header, key] : by_header.items()) {
                    // A column key a later version dropped is left out rather than failing the whole list.
                    if (auto column = domain::parse_customer_column(text_of(key))) {
                        mapping.by_header.emplace(header, *column);
                    }
                }
            }
            mappings.push_back(std::move(mapping));
        }
        return mappings;
    });
}

Result<void> SqliteImportRepository::delete_mapping(std::int64_t id) {
    return database_.write([&](Connection& connection) -> Result<void> {
        connection.prepare("DELETE FROM import_mappings WHERE id = $1").bind("$1", id).run();
        if (connection.changes() == 0) {
            return fail(Error::not_found("import mapping " + std::to_string(id) + " not found"));
        }
        return ok();
    });
}

}  // namespace kartoteka::store::sqlite
