#include "store/sqlite/sqlite_customer_search.hpp"

#include <algorithm>
#include <unordered_map>

#include "store/sql/customer_queries.hpp"
#include "util/text.hpp"

namespace kartoteka::store::sqlite {

const char* const kSearchIndexMigration = R"sql(
-- Word-prefix search over a folded document per customer (see store/sqlite/sqlite_customer_search.hpp).
-- The prefix indexes make 1-3 letter prefixes (search as you type) a lookup rather than a term scan.
CREATE VIRTUAL TABLE customer_search USING fts5(
    name, codes, email, phone, other,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);
-- Existing customers are indexed by build_search_index() after the migration: it needs ICU folding.
CREATE TABLE customer_search_state (id INTEGER PRIMARY KEY CHECK (id = 1), built INTEGER NOT NULL);
INSERT INTO customer_search_state (id, built) VALUES (1, 0);
CREATE TRIGGER customer_search_delete AFTER DELETE ON customers BEGIN
    DELETE FROM customer_search WHERE rowid = old.id;
END;
)sql";

const char* const kSearchWalkMigration = R"sql(
-- Relevance tier 0 (exact IČO / e-mail / phone) as index lookups instead of a CASE over every match; import
-- duplicate matching uses the first two as well. (Development stores may hold an earlier draft of them.)
DROP INDEX IF EXISTS customers_live_ico;
DROP INDEX IF EXISTS customers_live_email;
CREATE INDEX customers_live_ico ON customers(ico) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_email ON customers(lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_phone ON customers(phone) WHERE deleted_at IS NULL;
-- Relevance tier 1 (the name starts with the query): its candidates by folded name prefix, with the sort key.
CREATE INDEX customers_live_name_search ON customers(name_search, name_sort_key, id) WHERE deleted_at IS NULL;
)sql";

namespace {

using domain::Customer;
using domain::CustomerId;

void append(std::string& document, std::string_view text) {
    if (text.empty()) {
        return;
    }
    if (!document.empty()) {
        document.push_back(' ');
    }
    document += util::fold_for_search(text);
}

std::string digits_of(std::string_view text) {
    std::string digits;
    for (const char c : text) {
        if (c >= '0' && c <= '9') {
            digits.push_back(c);
        }
    }
    return digits;
}

// "+420777123456" -> "420777123456 777123456 77123456 7123456 123456 23456 3456 456": a prefix query on
// the suffixes is a substring query on the number, which is how people type fragments they remember.
void append_phone(std::string& document, std::string_view phone) {
    std::string digits = digits_of(phone);
    if (digits.size() < 3) {
        return;
    }
    document += document.empty() ? "" : " ";
    document += digits;
    for (std::size_t start = 1; start + 3 <= digits.size(); ++start) {
        document.push_back(' ');
        document.append(digits, start, std::string::npos);
    }
}

void append_ico(std::string& document, std::string_view ico) {
    if (ico.empty()) {
        return;
    }
    append(document, ico);
    const auto first_significant = ico.find_first_not_of('0');
    if (first_significant != 0 && first_significant != std::string_view::npos) {
        append(document, ico.substr(first_significant));
    }
}

void append_dic(std::string& document, std::string_view dic) {
    if (dic.empty()) {
        return;
    }
    append(document, dic);
    // "CZ12345678" is one token; the digits alone are what people type.
    const auto digits_at = std::find_if(dic.begin(), dic.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits_at != dic.begin() && digits_at != dic.end()) {
        append(document, std::string_view(&*digits_at, static_cast<std::size_t>(dic.end() - digits_at)));
    }
}

void append_address(std::string& document, const domain::Address& address) {
    append(document, address.street);
    append(document, address.city);
    append(document, address.postal_code);
    // "602 00" is also typed "60200".
    const std::string postal_digits = digits_of(address.postal_code);
    if (postal_digits.size() > 3 && postal_digits != address.postal_code) {
        append(document, postal_digits);
    }
}

void bind_document(Statement& statement, CustomerId id, const SearchDocument& document) {
    statement.bind("$1", id)
        .bind("$2", std::string_view(document.name))
        .bind("$3", std::string_view(document.codes))
        .bind("$4", std::string_view(document.email))
        .bind("$5", std::string_view(document.phone))
        .bind("$6", std::string_view(document.other));
}

constexpr std::string_view kDeleteRange = "DELETE FROM customer_search WHERE rowid BETWEEN $1 AND $2";
constexpr std::string_view kInsertDocument =
    "INSERT INTO customer_search (rowid, name, codes, email, phone, other) VALUES ($1, $2, $3, $4, $5, $6)";
constexpr std::string_view kSelectRange =
    "SELECT c.id, c.kind, c.name, c.first_name, c.last_name, c.ico, c.dic, c.email, c.phone, c.web, "
    "c.billing_street, c.billing_city, c.billing_postal_code, c.billing_country, "
    "c.has_delivery, c.delivery_street, c.delivery_city, c.delivery_postal_code, c.delivery_country, "
    "c.status, c.owner_id, c.note, c.version, c.created_at, c.updated_at, c.deleted_at "
    "FROM customers c WHERE c.id BETWEEN $1 AND $2 ORDER BY c.id";
constexpr std::string_view kSelectRangeTags =
    "SELECT customer_id, tag FROM customer_tags WHERE customer_id BETWEEN $1 AND $2";
constexpr std::string_view kSelectRangeContacts =
    "SELECT customer_id, name, email, phone FROM contacts WHERE customer_id BETWEEN $1 AND $2";
constexpr std::string_view kSelectRangeMinutes =
    "SELECT customer_id, subject FROM notes WHERE customer_id BETWEEN $1 AND $2 AND deleted_at IS NULL";

void index_range(Connection& connection, CustomerId first, CustomerId last) {
    std::vector<Customer> customers;
    std::unordered_map<CustomerId, std::size_t> position;
    {
        auto statement = connection.prepare(kSelectRange);
        statement.bind("$1", first).bind("$2", last);
        while (statement.step()) {
            position.emplace(statement.int64(0), customers.size());
            customers.push_back(sql::read_customer(statement));
        }
    }
    if (customers.empty()) {
        return;
    }
    {
        auto statement = connection.prepare(kSelectRangeTags);
        statement.bind("$1", first).bind("$2", last);
        while (statement.step()) {
            customers[position.at(statement.int64(0))].tags.emplace_back(statement.text_view(1));
        }
    }
    {
        auto statement = connection.prepare(kSelectRangeContacts);
        statement.bind("$1", first).bind("$2", last);
        while (statement.step()) {
            customers[position.at(statement.int64(0))].contacts.push_back(domain::Contact{
                .name = statement.text(1),
                .email = statement.text(2),
                .phone = statement.text(3),
            });
        }
    }
    std::vector<std::vector<std::string>> minutes(customers.size());
    {
        auto statement = connection.prepare(kSelectRangeMinutes);
        statement.bind("$1", first).bind("$2", last);
        while (statement.step()) {
            minutes[position.at(statement.int64(0))].push_back(statement.text(1));
        }
    }
    for (std::size_t i = 0; i < customers.size(); ++i) {
        // Text is bound without a copy: the document must outlive run().
        const SearchDocument document = build_search_document(customers[i], minutes[i]);
        auto statement = connection.prepare(kInsertDocument);
        bind_document(statement, customers[i].id, document);
        statement.run();
    }
}

std::string quoted_prefix(std::string_view word) {
    // Words come from split_search_words(): no '"' in them, but stay safe if that ever changes.
    std::string term = "\"";
    for (const char c : word) {
        if (c == '"') {
            term.push_back('"');
        }
        term.push_back(c);
    }
    term += "\"*";
    return term;
}

}  // namespace

SearchDocument build_search_document(const Customer& customer, const std::vector<std::string>& minute_subjects) {
    SearchDocument document;
    append(document.name, customer.name);
    if (customer.kind == domain::CustomerKind::Person) {
        // Already part of `name` for a person; kept for records whose name was typed differently.
        if (customer.name.find(customer.last_name) == std::string::npos) {
            append(document.name, customer.last_name);
        }
    }
    for (const auto& contact : customer.contacts) {
        append(document.name, contact.name);
    }
    append_ico(document.codes, customer.ico);
    append_dic(document.codes, customer.dic);
    append(document.email, customer.email);
    for (const auto& contact : customer.contacts) {
        append(document.email, contact.email);
    }
    append_phone(document.phone, customer.phone);
    for (const auto& contact : customer.contacts) {
        append_phone(document.phone, contact.phone);
    }
    append(document.other, customer.web);
    append_address(document.other, customer.billing_address);
    if (customer.delivery_address) {
        append_address(document.other, *customer.delivery_address);
    }
    for (const auto& tag : customer.tags) {
        append(document.other, tag);
    }
    append(document.other, customer.note);
    for (const auto& subject : minute_subjects) {
        append(document.other, subject);
    }
    return document;
}

void reindex_customers(Connection& connection, CustomerId first, CustomerId last) {
    connection.prepare(kDeleteRange).bind("$1", first).bind("$2", last).run();
    index_range(connection, first, last);
}

void reindex_customer(Connection& connection, CustomerId id) {
    reindex_customers(connection, id, id);
}

std::int64_t build_search_index(Connection& connection, bool force) {
    {
        auto state = connection.prepare("SELECT built FROM customer_search_state WHERE id = 1");
        if (state.step() && state.int64(0) != 0 && !force) {
            return 0;
        }
    }
    constexpr CustomerId kBatch = 5000;
    CustomerId max_id = 0;
    {
        auto statement = connection.prepare("SELECT COALESCE(MAX(id), 0) FROM customers");
        statement.step();
        max_id = statement.int64(0);
    }
    {
        Transaction transaction(connection, Transaction::Mode::Immediate);
        connection.prepare("DELETE FROM customer_search").run();
        transaction.commit();
    }
    for (CustomerId first = 1; first <= max_id; first += kBatch) {
        Transaction transaction(connection, Transaction::Mode::Immediate);
        index_range(connection, first, first + kBatch - 1);
        transaction.commit();
    }
    Transaction transaction(connection, Transaction::Mode::Immediate);
    // Customers added by another process while this ran were indexed by their own transactions.
    connection.prepare("INSERT INTO customer_search(customer_search) VALUES ('optimize')").run();
    connection.prepare("UPDATE customer_search_state SET built = 1 WHERE id = 1").run();
    std::int64_t count = 0;
    {
        auto statement = connection.prepare("SELECT COUNT(*) FROM customers");
        statement.step();
        count = statement.int64(0);
    }
    transaction.commit();
    return count;
}

std::string fts_match_expression(const domain::SearchQuery& query) {
    std::string expression;
    const auto add = [&expression](std::string term) {
        if (!expression.empty()) {
            expression += " AND ";
        }
        expression += term;
    };
    if (query.email_domain && query.email_local.empty() && !query.email_domain->empty()) {
        // "@seznam": only e-mail domains, not a firm called Seznam.
        for (const auto& word : domain::split_search_words(*query.email_domain)) {
            add("email : " + quoted_prefix(word));
        }
        return expression;
    }
    for (const auto& word : query.words) {
        add(quoted_prefix(word));
    }
    return expression;
}

}  // namespace kartoteka::store::sqlite
