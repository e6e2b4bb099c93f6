#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "domain/history_diff.hpp"
#include "store/sql/customer_cursor.hpp"
#include "store/sql/customer_queries.hpp"
#include "store/sqlite/sqlite_customer_search.hpp"
#include "store/sqlite/sqlite_customer_writes.hpp"
#include "store/sqlite/sqlite_history_writer.hpp"
#include "store/sqlite/sqlite_repositories.hpp"
#include "util/text.hpp"

namespace kartoteka::store::sqlite {
namespace {

using domain::Customer;
using domain::CustomerId;

Error owner_missing(const Customer& customer) {
    return Error::invalid_field(
        "owner_id", "user " + std::to_string(customer.owner_id.value_or(0)) + " does not exist"
    );
}

struct DerivedColumns {
    std::string name_sort_key;
    std::string name_search;
    std::string city_search;
    std::string match_name_key;  // duplicate matching by name + city (imports); NULL when empty

    explicit DerivedColumns(const Customer& customer)
        : name_sort_key(util::czech_sort_key(customer.name)),
          name_search(util::fold_for_search(customer.name)),
          city_search(util::fold_for_search(customer.billing_address.city)),
          match_name_key(sqlite::match_name_key(customer)) {}

    /// Binds the three search columns to $first, $first+1 and $first+2, and match_name_key to `match_parameter`.
    void bind(Statement& statement, int first, const char* match_parameter) const {
        const auto parameter = [first](int offset) {
            return "$" + std::to_string(first + offset);
        };
        statement.bind_blob(parameter(0).c_str(), name_sort_key)
            .bind(parameter(1).c_str(), name_search)
            .bind(parameter(2).c_str(), city_search);
        if (match_name_key.empty()) {
            statement.bind_null(match_parameter);
        } else {
            statement.bind(match_parameter, std::string_view(match_name_key));
        }
    }
};

void insert_tags(Connection& connection, CustomerId id, const std::vector<std::string>& tags) {
    for (std::size_t position = 0; position < tags.size(); ++position) {
        connection.prepare(sql::kInsertTag)
            .bind("$1", id)
            .bind("$2", static_cast<std::int64_t>(position))
            .bind("$3", std::string_view(tags[position]))
            .run();
    }
}

domain::ContactId insert_contact(
    Connection& connection, CustomerId customer_id, std::size_t position, const domain::Contact& contact
) {
    auto statement = connection.prepare(sql::kInsertContact);
    statement.bind("$1", customer_id)
        .bind("$2", static_cast<std::int64_t>(position))
        .bind("$3", std::string_view(contact.name))
        .bind("$4", std::string_view(contact.role))
        .bind("$5", std::string_view(contact.email))
        .bind("$6", std::string_view(contact.phone))
        .bind("$7", std::string_view(contact.note));
    statement.run();
    return connection.last_insert_id();
}

/// Inserts customer, tags and contacts; fills contact ids into `stored_contacts` when given.
Result<CustomerId> insert_customer(
    Connection& connection, const Customer& customer, std::vector<domain::Contact>* stored_contacts
) {
    const DerivedColumns derived(customer);
    CustomerId id = 0;
    try {
        auto statement = connection.prepare(sql::kInsertCustomer);
        sql::bind_customer_fields(statement, customer, 1);
        statement.bind("$23", customer.created_at).bind("$24", customer.updated_at).bind("$25", customer.deleted_at);
        derived.bind(statement, sql::kInsertCustomerDerivedFirst, "$29");
        statement.run();
        id = connection.last_insert_id();
    } catch (const SqliteError& error) {
        if (error.is_foreign_key_violation()) {
            return fail(owner_missing(customer));
        }
        throw;
    }
    insert_tags(connection, id, customer.tags);
    for (std::size_t position = 0; position < customer.contacts.size(); ++position) {
        const auto contact_id = insert_contact(connection, id, position, customer.contacts[position]);
        if (stored_contacts != nullptr) {
            (*stored_contacts)[position].id = contact_id;
        }
    }
    return id;
}

// SQLite-only: see the note at customers_fts in sqlite_migrations.cpp.
constexpr std::string_view kIndexNewNames =
    "INSERT INTO customers_fts (rowid, name_search) SELECT id, name_search FROM customers WHERE id BETWEEN $1 AND $2";

void index_new_names(Connection& connection, CustomerId first, CustomerId last) {
    connection.prepare(kIndexNewNames).bind("$1", first).bind("$2", last).run();
}

Result<Customer> load_customer(Connection& connection, CustomerId id, bool include_trashed) {
    Customer customer;
    {
        auto statement = connection.prepare(sql::kSelectCustomerById);
        statement.bind("$1", id);
        if (!statement.step()) {
            return fail(Error::not_found("customer " + std::to_string(id) + " not found"));
        }
        customer = sql::read_customer(statement);
    }
    if (customer.deleted_at && !include_trashed) {
        return fail(Error::not_found("customer " + std::to_string(id) + " is in the trash"));
    }
    {
        auto statement = connection.prepare(sql::kSelectTags);
        statement.bind("$1", id);
        while (statement.step()) {
            customer.tags.emplace_back(statement.text_view(1));
        }
    }
    {
        auto statement = connection.prepare(sql::kSelectContacts);
        statement.bind("$1", id);
        while (statement.step()) {
            customer.contacts.push_back(domain::Contact{
                .id = statement.int64(0),
                .name = statement.text(2),
                .role = statement.text(3),
                .email = statement.text(4),
                .phone = statement.text(5),
                .note = statement.text(6),
            });
        }
    }
    return customer;
}

struct StoredState {
    std::int64_t version = 0;
    bool trashed = false;
};

std::optional<StoredState> load_state(Connection& connection, CustomerId id) {
    auto statement = connection.prepare(sql::kSelectCustomerState);
    statement.bind("$1", id);
    if (!statement.step()) {
        return std::nullopt;
    }
    return StoredState{statement.int64(0), !statement.is_null(1)};
}

Error version_conflict(CustomerId id, std::int64_t stored, std::int64_t expected) {
    return Error::conflict(
        "customer " + std::to_string(id) + " is at version " + std::to_string(stored) + ", not " +
        std::to_string(expected)
    );
}

Result<void> replace_contacts(Connection& connection, CustomerId id, const std::vector<domain::Contact>& contacts) {
    std::unordered_set<domain::ContactId> stored;
    {
        auto statement = connection.prepare(sql::kSelectContactIds);
        statement.bind("$1", id);
        while (statement.step()) {
            stored.insert(statement.int64(0));
        }
    }
    std::unordered_set<domain::ContactId> kept;
    for (std::size_t position = 0; position < contacts.size(); ++position) {
        const auto& contact = contacts[position];
        if (contact.id == 0) {
            insert_contact(connection, id, position, contact);
            continue;
        }
        if (!stored.contains(contact.id) || !kept.insert(contact.id).second) {
            const std::string field = "contacts[" + std::to_string(position) + "].id";
            return fail(Error::invalid_field(field, "no contact " + std::to_string(contact.id) + " on this customer"));
        }
        connection.prepare(sql::kUpdateContact)
            .bind("$1", contact.id)
            .bind("$2", static_cast<std::int64_t>(position))
            .bind("$3", std::string_view(contact.name))
            .bind("$4", std::string_view(contact.role))
            .bind("$5", std::string_view(contact.email))
            .bind("$6", std::string_view(contact.phone))
            .bind("$7", std::string_view(contact.note))
            .run();
    }
    for (const auto contact_id : stored) {
        if (!kept.contains(contact_id)) {
            connection.prepare(sql::kDeleteContact).bind("$1", contact_id).run();
        }
    }
    return ok();
}

Result<void> write_customer_update(Connection& connection, const Customer& customer, std::int64_t version) {
    const DerivedColumns derived(customer);
    try {
        auto statement = connection.prepare(sql::kUpdateCustomer);
        sql::bind_customer_fields(statement, customer, version);
        statement.bind("$23", customer.updated_at);
        derived.bind(statement, sql::kUpdateCustomerDerivedFirst, "$28");
        statement.bind("$27", customer.id);
        statement.run();
    } catch (const SqliteError& error) {
        if (error.is_foreign_key_violation()) {
            return fail(owner_missing(customer));
        }
        throw;
    }
    connection.prepare(sql::kDeleteTags).bind("$1", customer.id).run();
    insert_tags(connection, customer.id, customer.tags);
    return replace_contacts(connection, customer.id, customer.contacts);
}

// ---- history ----

void record_customer(
    Connection& connection,
    const Customer& customer,
    domain::HistoryAction action,
    std::vector<domain::FieldChange> changes,
    const domain::Actor& actor,
    domain::TimestampMs at,
    std::optional<domain::HistoryEntryId> restored_from = std::nullopt
) {
    append_history(
        connection,
        domain::HistoryEntry{
            .customer_id = customer.id,
            .subject = domain::HistorySubject::Customer,
            .subject_id = customer.id,
            .subject_label = customer.name,
            .action = action,
            .changes = std::move(changes),
            .actor = actor,
            .restored_from = restored_from,
            .at = at,
        }
    );
}

// The customer's own entry carries the whole `contacts` value (what a restore copies back); these entries
// let the card's history be filtered down to one contact person.
void record_contacts(
    Connection& connection,
    CustomerId customer_id,
    const std::vector<domain::Contact>& before,
    const std::vector<domain::Contact>& after,
    const domain::Actor& actor,
    domain::TimestampMs at
) {
    for (auto& change : domain::diff_contacts(before, after)) {
        append_history(
            connection,
            domain::HistoryEntry{
                .customer_id = customer_id,
                .subject = domain::HistorySubject::Contact,
                .subject_id = change.contact_id,
                .subject_label = std::move(change.label),
                .action = change.action,
                .changes = std::move(change.changes),
                .actor = actor,
                .at = at,
            }
        );
    }
}

// ---- list ----

const char* sort_column(domain::CustomerSort sort) {
    switch (sort) {
        case domain::CustomerSort::Name:
            return "c.name_sort_key";
        case domain::CustomerSort::Created:
            return "c.created_at";
        case domain::CustomerSort::Updated:
            return "c.updated_at";
    }
    return "c.name_sort_key";
}

std::size_t count_code_points(std::string_view utf8) {
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    }));
}

std::string like_pattern(std::string_view folded) {
    std::string pattern = "%";
    for (const char c : folded) {
        if (c == '%' || c == '_' || c == '\\') {
            pattern.push_back('\\');
        }
        pattern.push_back(c);
    }
    pattern.push_back('%');
    return pattern;
}

/// An FTS5 phrase: the trigram tokenizer turns it into consecutive trigrams, i.e. a substring match.
std::string fts_phrase(std::string_view folded) {
    std::string phrase = "\"";
    for (const char c : folded) {
        if (c == '"') {
            phrase.push_back('"');
        }
        phrase.push_back(c);
    }
    phrase.push_back('"');
    return phrase;
}

constexpr std::size_t kTrigramLength = 3;
// Below this many trigram matches, sorting the matches beats walking the sort index; above it, matches are
// dense enough that walking the sort index finds a page quickly.
constexpr std::int64_t kSparseMatchLimit = 2000;

enum class SearchPlan { None, Trigram, Scan };

constexpr std::string_view kCountTrigramMatches =
    "SELECT COUNT(*) FROM (SELECT rowid FROM customers_fts WHERE customers_fts MATCH $1 LIMIT $2)";

SearchPlan choose_search_plan(Connection& connection, std::string_view folded_q, const std::string& phrase) {
    if (folded_q.empty()) {
        return SearchPlan::None;
    }
    if (count_code_points(folded_q) < kTrigramLength) {
        return SearchPlan::Scan;
    }
    auto statement = connection.prepare(kCountTrigramMatches);
    statement.bind("$1", std::string_view(phrase)).bind("$2", kSparseMatchLimit);
    statement.step();
    return statement.int64(0) < kSparseMatchLimit ? SearchPlan::Trigram : SearchPlan::Scan;
}

constexpr std::string_view kCountTagMatches =
    "SELECT COUNT(*) FROM (SELECT 1 FROM customer_tags WHERE tag = $1 LIMIT $2)";

/// A rare tag drives the query from the tag index; a common one is checked row by row along the sort index.
bool tag_is_sparse(Connection& connection, const std::string& tag) {
    auto statement = connection.prepare(kCountTagMatches);
    statement.bind("$1", std::string_view(tag)).bind("$2", kSparseMatchLimit);
    statement.step();
    return statement.int64(0) < kSparseMatchLimit;
}

// The filters and keyset condition are portable SQL; only the trigram search clause is SQLite's (FTS5).
std::string build_list_sql(
    const domain::CustomerListQuery& query, SearchPlan search, bool sparse_tag, bool has_cursor
) {
    const bool ascending = query.direction == domain::SortDirection::Ascending;
    const char* column = sort_column(query.sort);
    std::string sql;
    sql.reserve(1024);
    sql += "SELECT ";
    sql += sql::kCustomerColumns;
    sql += ", c.name_sort_key FROM customers c WHERE ";
    sql += query.trash ? "c.deleted_at IS NOT NULL" : "c.deleted_at IS NULL";
    if (query.status) {
        sql += " AND c.status = $2";
    }
    if (query.owner_id) {
        sql += " AND c.owner_id = $3";
    }
    if (!query.tag.empty()) {
        sql += sparse_tag ? " AND c.id IN (SELECT t.customer_id FROM customer_tags t WHERE t.tag = $4)"
                          : " AND EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id AND t.tag = $4)";
    }
    if (!query.city.empty()) {
        sql += " AND c.billing_city_search = $5";
    }
    if (search == SearchPlan::Trigram) {
        sql += " AND c.id IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH $6)";
    } else if (search == SearchPlan::Scan) {
        sql += " AND c.name_search LIKE $6 ESCAPE '\\'";
    }
    if (has_cursor) {
        sql += " AND (";
        sql += column;
        sql += ", c.id) ";
        sql += ascending ? ">" : "<";
        sql += " ($7, $8)";
    }
    sql += " ORDER BY ";
    sql += column;
    sql += ascending ? " ASC, c.id ASC" : " DESC, c.id DESC";
    sql += " LIMIT $1";
    return sql;
}

/// Pads the IN list to a few fixed sizes so the statement cache holds a handful of variants, not 500.
std::size_t in_list_size(std::size_t count) {
    std::size_t size = 8;
    while (size < count) {
        size *= 2;
    }
    return size;
}

std::string in_list_sql(std::string_view head, std::size_t size, std::string_view tail) {
    std::string sql(head);
    sql += " IN (";
    for (std::size_t i = 1; i <= size; ++i) {
        if (i > 1) {
            sql += ", ";
        }
        sql += '$';
        sql += std::to_string(i);
    }
    sql += ")";
    sql += tail;
    return sql;
}

void bind_ids(Statement& statement, const std::vector<Customer>& customers, std::size_t size) {
    std::array<char, 16> name{};
    for (std::size_t i = 0; i < size; ++i) {
        const std::string text = "$" + std::to_string(i + 1);
        std::copy(text.begin(), text.end(), name.begin());
        name[text.size()] = '\0';
        // id 0 never exists, so padding matches nothing.
        statement.bind(name.data(), i < customers.size() ? customers[i].id : std::int64_t{0});
    }
}

}  // namespace

void load_page_details(Connection& connection, std::vector<Customer>& customers) {
    if (customers.empty()) {
        return;
    }
    std::unordered_map<CustomerId, Customer*> by_id;
    by_id.reserve(customers.size());
    for (auto& customer : customers) {
        by_id.emplace(customer.id, &customer);
    }
    const std::size_t size = in_list_size(customers.size());
    {
        auto statement = connection.prepare(in_list_sql(
            "SELECT customer_id, tag FROM customer_tags WHERE customer_id", size, " ORDER BY customer_id, position"
        ));
        bind_ids(statement, customers, size);
        while (statement.step()) {
            by_id.at(statement.int64(0))->tags.emplace_back(statement.text_view(1));
        }
    }
    {
        auto statement = connection.prepare(in_list_sql(
            "SELECT id, customer_id, name, role, email, phone, note FROM contacts WHERE customer_id",
            size,
            " ORDER BY customer_id, position"
        ));
        bind_ids(statement, customers, size);
        while (statement.step()) {
            by_id.at(statement.int64(1))
                ->contacts.push_back(domain::Contact{
                    .id = statement.int64(0),
                    .name = statement.text(2),
                    .role = statement.text(3),
                    .email = statement.text(4),
                    .phone = statement.text(5),
                    .note = statement.text(6),
                });
        }
    }
}

Result<Customer> SqliteCustomerRepository::insert(const Customer& customer, const domain::Actor& actor) {
    return database_.write([&](Connection& connection) -> Result<Customer> {
        Customer stored = customer;
        auto id = insert_customer(connection, customer, &stored.contacts);
        if (!id) {
            return fail(id.error());
        }
        stored.id = *id;
        stored.version = 1;
        index_new_names(connection, *id, *id);
        record_customer(
            connection,
            stored,
            domain::HistoryAction::Created,
            domain::created_changes(stored),
            actor,
            stored.created_at
        );
        record_contacts(connection, stored.id, {}, stored.contacts, actor, stored.created_at);
        reindex_customer(connection, stored.id);
        return stored;
    });
}

Result<std::size_t> SqliteCustomerRepository::insert_many(
    const std::vector<Customer>& customers, const domain::Actor& actor
) {
    return database_.write([&](Connection& connection) -> Result<std::size_t> {
        // Ids come from max(id) + 1 under the write lock, so this transaction's rows form one id range.
        CustomerId first = 0;
        CustomerId last = 0;
        for (const auto& customer : customers) {
            auto id = insert_customer(connection, customer, nullptr);
            if (!id) {
                return fail(id.error());
            }
            first = first == 0 ? *id : std::min(first, *id);
            last = std::max(last, *id);
            // One bare entry per customer, without the field values: bulk loads stay fast and small, and the
            // card still says who created the record and how.
            Customer stored = customer;
            stored.id = *id;
            record_customer(connection, stored, domain::HistoryAction::Created, {}, actor, customer.created_at);
        }
        if (first != 0) {
            index_new_names(connection, first, last);
            reindex_customers(connection, first, last);
        }
        return customers.size();
    });
}

Result<Customer> SqliteCustomerRepository::find(CustomerId id, bool include_trashed) {
    return database_.read([&](Connection& connection) { return load_customer(connection, id, include_trashed); });
}

Result<Customer> SqliteCustomerRepository::update(
    const Customer& customer,
    std::int64_t expected_version,
    const domain::Actor& actor,
    std::optional<domain::HistoryEntryId> restored_from
) {
    return database_.write([&](Connection& connection) -> Result<Customer> {
        auto before = load_customer(connection, customer.id, false);
        if (!before) {
            return fail(Error::not_found("customer " + std::to_string(customer.id) + " not found"));
        }
        if (before->version != expected_version) {
            return fail(version_conflict(customer.id, before->version, expected_version));
        }
        if (auto written = write_customer_update(connection, customer, expected_version + 1); !written) {
            return fail(written.error());
        }
        auto after = load_customer(connection, customer.id, false);
        if (!after) {
            return after;
        }
        auto changes = domain::diff_customer(*before, *after);
        if (!changes.empty()) {
            record_customer(
                connection,
                *after,
                restored_from ? domain::HistoryAction::ValueRestored : domain::HistoryAction::Updated,
                std::move(changes),
                actor,
                customer.updated_at,
                restored_from
            );
            record_contacts(connection, customer.id, before->contacts, after->contacts, actor, customer.updated_at);
        }
        reindex_customer(connection, customer.id);
        return after;
    });
}

Result<Customer> SqliteCustomerRepository::move_to_trash(
    CustomerId id, std::optional<std::int64_t> expected_version, domain::TimestampMs now, const domain::Actor& actor
) {
    return database_.write([&](Connection& connection) -> Result<Customer> {
        const auto state = load_state(connection, id);
        if (!state || state->trashed) {
            return fail(Error::not_found("customer " + std::to_string(id) + " not found"));
        }
        if (expected_version && state->version != *expected_version) {
            return fail(version_conflict(id, state->version, *expected_version));
        }
        connection.prepare(sql::kSetCustomerDeletedAt).bind("$1", now).bind("$2", now).bind("$3", id).run();
        auto trashed = load_customer(connection, id, true);
        if (trashed) {
            record_customer(connection, *trashed, domain::HistoryAction::Trashed, {}, actor, now);
        }
        reindex_customer(connection, id);
        return trashed;
    });
}

Result<Customer> SqliteCustomerRepository::restore(CustomerId id, domain::TimestampMs now, const domain::Actor& actor) {
    return database_.write([&](Connection& connection) -> Result<Customer> {
        const auto state = load_state(connection, id);
        if (!state || !state->trashed) {
            return fail(Error::not_found("customer " + std::to_string(id) + " is not in the trash"));
        }
        connection.prepare(sql::kSetCustomerDeletedAt).bind_null("$1").bind("$2", now).bind("$3", id).run();
        auto restored = load_customer(connection, id, false);
        if (restored) {
            record_customer(connection, *restored, domain::HistoryAction::Restored, {}, actor, now);
        }
        reindex_customer(connection, id);
        return restored;
    });
}

Result<domain::CustomerPage> SqliteCustomerRepository::list(const domain::CustomerListQuery& query) {
    if (query.limit == 0) {
        return fail(Error::invalid_field("limit", "must be at least 1"));
    }
    std::optional<sql::CustomerCursor> cursor;
    if (!query.cursor.empty()) {
        cursor = sql::decode_cursor(query.cursor);
        if (!cursor || cursor->sort != query.sort || cursor->direction != query.direction ||
            cursor->trash != query.trash) {
            return fail(Error::invalid_field("cursor", "not a cursor for this listing; start from the first page"));
        }
    }
    const std::string folded_q = query.q.empty() ? std::string{} : util::fold_for_search(query.q);
    const std::string folded_city = query.city.empty() ? std::string{} : util::fold_for_search(query.city);
    const std::string phrase = fts_phrase(folded_q);

    return database_.read([&](Connection& connection) -> Result<domain::CustomerPage> {
        const SearchPlan search = choose_search_plan(connection, folded_q, phrase);
        const std::string search_argument = search == SearchPlan::Trigram ? phrase : like_pattern(folded_q);
        domain::CustomerPage page;
        std::string last_name_key;
        {
            const bool sparse_tag = !query.tag.empty() && tag_is_sparse(connection, query.tag);
            auto statement = connection.prepare(build_list_sql(query, search, sparse_tag, cursor.has_value()));
            statement.bind("$1", static_cast<std::int64_t>(query.limit + 1));
            if (query.status) {
                statement.bind("$2", std::string_view(domain::to_string(*query.status)));
            }
            if (query.owner_id) {
                statement.bind("$3", *query.owner_id);
            }
            if (!query.tag.empty()) {
                statement.bind("$4", std::string_view(query.tag));
            }
            if (!query.city.empty()) {
                statement.bind("$5", std::string_view(folded_city));
            }
            if (search != SearchPlan::None) {
                statement.bind("$6", std::string_view(search_argument));
            }
            if (cursor) {
                if (cursor->sort == domain::CustomerSort::Name) {
                    statement.bind_blob("$7", cursor->name_key);
                } else {
                    statement.bind("$7", cursor->time_key);
                }
                statement.bind("$8", cursor->id);
            }
            page.items.reserve(std::min<std::size_t>(query.limit, 64));
            bool has_more = false;
            while (statement.step()) {
                if (page.items.size() == query.limit) {
                    has_more = true;
                    break;
                }
                page.items.push_back(sql::read_customer(statement));
                last_name_key = statement.blob(sql::kCustomerColumnCount);
            }
            if (has_more) {
                const auto& last = page.items.back();
                sql::CustomerCursor next{
                    .sort = query.sort,
                    .direction = query.direction,
                    .trash = query.trash,
                    .name_key = last_name_key,
                    .time_key = query.sort == domain::CustomerSort::Created ? last.created_at : last.updated_at,
                    .id = last.id,
                };
                page.next_cursor = sql::encode_cursor(next);
            }
        }
        load_page_details(connection, page.items);
        return page;
    });
}

// ---- shared with the import repository (sqlite_customer_writes.hpp) ----

std::string match_name_key(const domain::MatchKeys& keys) {
    if (keys.name.empty()) {
        return {};
    }
    std::string key = keys.name;
    key.push_back('\x1f');
    key += keys.city;
    return key;
}

std::string match_name_key(const Customer& customer) {
    return match_name_key(domain::match_keys(customer));
}

Result<CustomerId> insert_customer_row(
    Connection& connection, const Customer& customer, std::vector<domain::Contact>* stored_contacts
) {
    return insert_customer(connection, customer, stored_contacts);
}

void index_new_customer_names(Connection& connection, CustomerId first, CustomerId last) {
    index_new_names(connection, first, last);
}

Result<void> update_customer_row(Connection& connection, const Customer& customer, std::int64_t version) {
    return write_customer_update(connection, customer, version);
}

Result<Customer> load_customer_row(Connection& connection, CustomerId id, bool include_trashed) {
    return load_customer(connection, id, include_trashed);
}

void record_customer_change(
    Connection& connection,
    const Customer& customer,
    domain::HistoryAction action,
    std::vector<domain::FieldChange> changes,
    const domain::Actor& actor,
    domain::TimestampMs at
) {
    record_customer(connection, customer, action, std::move(changes), actor, at);
}

void record_contact_changes(
    Connection& connection,
    CustomerId customer_id,
    const std::vector<domain::Contact>& before,
    const std::vector<domain::Contact>& after,
    const domain::Actor& actor,
    domain::TimestampMs at
) {
    record_contacts(connection, customer_id, before, after, actor, at);
}

}  // namespace kartoteka::store::sqlite
