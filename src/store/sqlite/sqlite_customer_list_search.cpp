// SqliteCustomerRepository::search: the customer list's search, filters, sort, keyset cursor and count.
// Filters, sort and keyset are portable SQL; only the MATCH against customer_search (FTS5) is SQLite's.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <unordered_map>
#include <variant>

#include "domain/calendar_time.hpp"
#include "domain/customer_filter.hpp"
#include "domain/search_query.hpp"
#include "store/sql/customer_cursor.hpp"
#include "store/sql/customer_queries.hpp"
#include "store/sqlite/sqlite_customer_search.hpp"
#include "store/sqlite/sqlite_repositories.hpp"
#include "util/text.hpp"

namespace kartoteka::store::sqlite {
namespace {

using domain::Customer;
using domain::CustomerSortField;

struct Blob {
    std::string bytes;
};
using Value = std::variant<std::int64_t, std::string, Blob>;

// Collects SQL text and its parameters so the same WHERE clause serves the page, the count and the estimate.
class Params {
public:
    std::string add(Value value) {
        values_.push_back(std::move(value));
        return "$" + std::to_string(values_.size());
    }
    std::string add_list(const std::vector<std::string>& items) {
        std::string list = "(";
        for (std::size_t i = 0; i < items.size(); ++i) {
            list += i == 0 ? "" : ", ";
            list += add(items[i]);
        }
        return list + ")";
    }
    void bind(Statement& statement) const {
        for (std::size_t i = 0; i < values_.size(); ++i) {
            const std::string name = "$" + std::to_string(i + 1);
            if (const auto* number = std::get_if<std::int64_t>(&values_[i])) {
                statement.bind(name.c_str(), *number);
            } else if (const auto* text = std::get_if<std::string>(&values_[i])) {
                statement.bind(name.c_str(), std::string_view(*text));
            } else {
                statement.bind_blob(name.c_str(), std::get<Blob>(values_[i]).bytes);
            }
        }
    }

private:
    std::vector<Value> values_;
};

enum class KeyKind { Blob, Text, Integer };

struct SortSpec {
    std::string expression;
    KeyKind kind;
};

SortSpec sort_spec(CustomerSortField field) {
    switch (field) {
        case CustomerSortField::Relevance:
        case CustomerSortField::Name:
            return {"c.name_sort_key", KeyKind::Blob};
        case CustomerSortField::Ico:
            return {"COALESCE(c.ico, '')", KeyKind::Text};
        case CustomerSortField::Dic:
            return {"COALESCE(c.dic, '')", KeyKind::Text};
        case CustomerSortField::Email:
            return {"COALESCE(c.email, '')", KeyKind::Text};
        case CustomerSortField::Phone:
            return {"COALESCE(c.phone, '')", KeyKind::Text};
        case CustomerSortField::City:
            // Folded (no diacritics); a Czech collation key for cities would need its own column.
            return {"COALESCE(c.billing_city_search, '')", KeyKind::Text};
        case CustomerSortField::Country:
            return {"COALESCE(c.billing_country, '')", KeyKind::Text};
        case CustomerSortField::Status:
            return {"c.status", KeyKind::Text};
        case CustomerSortField::Kind:
            return {"c.kind", KeyKind::Text};
        case CustomerSortField::Owner:
            return {"COALESCE(c.owner_id, 0)", KeyKind::Integer};
        case CustomerSortField::Created:
            return {"c.created_at", KeyKind::Integer};
        case CustomerSortField::Updated:
            return {"c.updated_at", KeyKind::Integer};
    }
    return {"c.name_sort_key", KeyKind::Blob};
}

std::string hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (const char c : bytes) {
        out.push_back(kDigits[static_cast<unsigned char>(c) >> 4]);
        out.push_back(kDigits[static_cast<unsigned char>(c) & 0x0f]);
    }
    return out;
}

std::optional<std::string> unhex(std::string_view text) {
    if (text.size() % 2 != 0) {
        return std::nullopt;
    }
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        unsigned value = 0;
        const auto [end, error] = std::from_chars(text.data() + i, text.data() + i + 2, value, 16);
        if (error != std::errc{} || end != text.data() + i + 2) {
            return std::nullopt;
        }
        out.push_back(static_cast<char>(value));
    }
    return out;
}

std::optional<std::int64_t> to_int(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

/// Where the previous page ended. The scope (sort, direction, trash, query) is part of the cursor so a cursor
/// of another listing is refused instead of silently skipping rows.
struct Cursor {
    std::string scope;
    std::int64_t tier = 0;  // relevance only
    std::string key;        // raw bytes of the sort key (text or blob) or the decimal integer
    std::int64_t id = 0;
};

std::string scope_of(const domain::CustomerSearch& search) {
    std::string scope = domain::to_string(search.sort);
    scope += search.direction == domain::SortDirection::Ascending ? ".a" : ".d";
    scope += search.trash ? ".t" : ".l";
    return scope;
}

std::string encode(const Cursor& cursor) {
    return sql::base64url_encode(
        "s1|" + cursor.scope + "|" + std::to_string(cursor.tier) + "|" + hex(cursor.key) + "|" +
        std::to_string(cursor.id)
    );
}

std::optional<Cursor> decode(std::string_view text) {
    const auto plain = sql::base64url_decode(text);
    if (!plain) {
        return std::nullopt;
    }
    std::vector<std::string_view> parts;
    std::string_view rest = *plain;
    while (true) {
        const auto bar = rest.find('|');
        parts.push_back(rest.substr(0, bar));
        if (bar == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(bar + 1);
    }
    if (parts.size() != 5 || parts[0] != "s1") {
        return std::nullopt;
    }
    Cursor cursor;
    cursor.scope = std::string(parts[1]);
    const auto tier = to_int(parts[2]);
    auto key = unhex(parts[3]);
    const auto id = to_int(parts[4]);
    if (!tier || !key || !id || *id <= 0) {
        return std::nullopt;
    }
    cursor.tier = *tier;
    cursor.key = std::move(*key);
    cursor.id = *id;
    return cursor;
}

std::string like_prefix(std::string_view folded) {
    std::string pattern;
    for (const char c : folded) {
        if (c == '%' || c == '_' || c == '\\') {
            pattern.push_back('\\');
        }
        pattern.push_back(c);
    }
    pattern.push_back('%');
    return pattern;
}

std::size_t count_code_points(std::string_view utf8) {
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    }));
}

/// An FTS5 phrase for the trigram tokenizer: consecutive trigrams, i.e. a substring. User text stays quoted.
std::string trigram_phrase(std::string_view folded) {
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

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

/// The WHERE clause (without keyset) for the filters and the search; its parameters go into `params`.
Result<std::string> where_clause(
    const domain::CustomerSearch& search, const domain::SearchQuery& query, Params& params
) {
    const auto& filter = search.filter;
    std::string where = search.trash ? "c.deleted_at IS NOT NULL" : "c.deleted_at IS NULL";
    if (!filter.statuses.empty()) {
        std::vector<std::string> names;
        for (const auto status : filter.statuses) {
            names.emplace_back(domain::to_string(status));
        }
        where += " AND c.status IN " + params.add_list(names);
    }
    if (filter.kind) {
        where += " AND c.kind = " + params.add(std::string(domain::to_string(*filter.kind)));
    }
    if (!filter.owner_ids.empty() || filter.owner_none) {
        std::string owners;
        for (const auto id : filter.owner_ids) {
            owners += owners.empty() ? "" : ", ";
            owners += params.add(id);
        }
        where += " AND (";
        if (!owners.empty()) {
            where += "c.owner_id IN (" + owners + ")";
        }
        if (filter.owner_none) {
            where += owners.empty() ? "c.owner_id IS NULL" : " OR c.owner_id IS NULL";
        }
        where += ")";
    }
    if (!filter.tags_any.empty()) {
        where += " AND EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id AND t.tag IN " +
                 params.add_list(filter.tags_any) + ")";
    }
    for (const auto& tag : filter.tags_all) {
        where +=
            " AND EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id AND t.tag = " + params.add(tag) +
            ")";
    }
    if (!filter.cities.empty()) {
        where += " AND c.billing_city_search IN " + params.add_list(filter.cities);
    }
    if (!filter.countries.empty()) {
        where += " AND c.billing_country IN " + params.add_list(filter.countries);
    }
    const auto day_range = [&](const domain::DayRange& range, const char* column, const char* name) -> Result<void> {
        if (range.from) {
            const auto from = domain::prague_to_utc(*range.from, "00:00");
            if (!from) {
                return fail(Error::invalid_field(std::string(name) + "_from", "must be a day YYYY-MM-DD"));
            }
            where += std::string(" AND ") + column + " >= " + params.add(*from);
        }
        if (range.to) {
            const auto after = domain::next_day(*range.to);
            const auto to = after ? domain::prague_to_utc(*after, "00:00") : std::nullopt;
            if (!to) {
                return fail(Error::invalid_field(std::string(name) + "_to", "must be a day YYYY-MM-DD"));
            }
            where += std::string(" AND ") + column + " < " + params.add(*to);
        }
        return ok();
    };
    if (auto checked = day_range(filter.created, "c.created_at", "created"); !checked) {
        return fail(checked.error());
    }
    if (auto checked = day_range(filter.updated, "c.updated_at", "updated"); !checked) {
        return fail(checked.error());
    }
    constexpr std::string_view kOpenTask =
        "SELECT 1 FROM tasks k WHERE k.customer_id = c.id AND k.deleted_at IS NULL AND k.status IN ('open', "
        "'in_progress')";
    if (filter.has_open_tasks) {
        where += *filter.has_open_tasks ? " AND EXISTS (" : " AND NOT EXISTS (";
        where += kOpenTask;
        where += ")";
    }
    if (filter.has_overdue_tasks) {
        where += *filter.has_overdue_tasks ? " AND EXISTS (" : " AND NOT EXISTS (";
        where += kOpenTask;
        where += " AND k.due_date < " + params.add(domain::prague_local(now_ms()).date) + ")";
    }
    if (filter.last_contact_older_than_days) {
        const std::int64_t since = now_ms() - static_cast<std::int64_t>(*filter.last_contact_older_than_days) * kDayMs;
        where +=
            " AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.customer_id = c.id AND n.deleted_at IS NULL AND "
            "n.occurred_at >= " +
            params.add(since) + ")";
    }
    const std::string match = fts_match_expression(query);
    if (!match.empty()) {
        where += " AND c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH " + params.add(match);
        // Word prefixes miss a fragment from inside a word ("vořá" in "Dvořák"); the name's trigram index
        // (customers_fts, kept since issue 2) finds the whole text as a substring of the name.
        if (!query.email_domain && !query.phone_digits && count_code_points(query.folded) >= 3) {
            where += " UNION SELECT rowid FROM customers_fts WHERE customers_fts MATCH " +
                     params.add(trigram_phrase(query.folded));
        }
        where += ")";
    }
    return where;
}

/// 0 = exact IČO / e-mail / phone, 1 = the name starts with the query, 2 = any other match.
std::string relevance_tier(const domain::SearchQuery& query, Params& params) {
    std::string exact;
    const auto either = [&exact](const std::string& condition) {
        exact += exact.empty() ? condition : " OR " + condition;
    };
    if (query.ico) {
        either("c.ico = " + params.add(*query.ico));
    }
    if (query.email_domain && !query.email_local.empty()) {
        either("lower(c.email) = " + params.add(query.folded));
    }
    if (query.phone_digits && query.phone_digits->size() >= 9) {
        either(
            "c.phone IN (" + params.add("+420" + *query.phone_digits) + ", " + params.add("+" + *query.phone_digits) +
            ")"
        );
    }
    std::string tier = "CASE";
    if (!exact.empty()) {
        tier += " WHEN " + exact + " THEN 0";
    }
    tier += " WHEN c.name_search LIKE " + params.add(like_prefix(query.folded)) + " ESCAPE '\\' THEN 1 ELSE 2 END";
    return tier;
}

void load_details(Connection& connection, std::vector<Customer>& customers) {
    for (auto& customer : customers) {
        {
            auto statement = connection.prepare(sql::kSelectTags);
            statement.bind("$1", customer.id);
            while (statement.step()) {
                customer.tags.emplace_back(statement.text_view(1));
            }
        }
        auto statement = connection.prepare(sql::kSelectContacts);
        statement.bind("$1", customer.id);
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
}

std::int64_t single_int(Connection& connection, const std::string& sql, const Params& params) {
    auto statement = connection.prepare(sql);
    params.bind(statement);
    return statement.step() && !statement.is_null(0) ? statement.int64(0) : 0;
}

}  // namespace

Result<domain::CustomerSearchPage> SqliteCustomerRepository::search(const domain::CustomerSearch& search) {
    if (search.limit == 0) {
        return fail(Error::invalid_field("limit", "must be at least 1"));
    }
    const domain::SearchQuery query = domain::parse_search_query(search.q);
    // Relevance needs words to rank by; without them it is the name order.
    const CustomerSortField field =
        search.sort == CustomerSortField::Relevance && query.empty() ? CustomerSortField::Name : search.sort;
    const bool relevance = field == CustomerSortField::Relevance;
    std::optional<Cursor> cursor;
    if (!search.cursor.empty()) {
        cursor = decode(search.cursor);
        if (!cursor || cursor->scope != scope_of(search)) {
            return fail(Error::invalid_field("cursor", "not a cursor for this listing; start from the first page"));
        }
    }
    const SortSpec spec = sort_spec(field);
    const bool ascending = search.direction == domain::SortDirection::Ascending;

    Params params;
    auto where = where_clause(search, query, params);
    if (!where) {
        return fail(where.error());
    }
    const Params filter_params = params;  // the count reuses the WHERE clause without the keyset

    std::string sql = "SELECT ";
    sql += sql::kCustomerColumns;
    std::string order_columns;
    std::string tier;
    if (relevance) {
        tier = relevance_tier(query, params);
        sql += ", " + tier;
        order_columns = "(" + tier + "), " + spec.expression + ", c.id";
    } else {
        sql += ", 0";
        order_columns = spec.expression + ", c.id";
    }
    sql += ", " + spec.expression + " FROM customers c WHERE " + *where;
    if (cursor) {
        Value key;
        if (spec.kind == KeyKind::Integer) {
            const auto number = to_int(cursor->key);
            if (!number) {
                return fail(Error::invalid_field("cursor", "not a cursor for this listing; start from the first page"));
            }
            key = *number;
        } else if (spec.kind == KeyKind::Blob) {
            key = Blob{cursor->key};
        } else {
            key = cursor->key;
        }
        sql += " AND (" + order_columns + ") " + (ascending ? ">" : "<") + " (";
        if (relevance) {
            sql += params.add(cursor->tier) + ", ";
        }
        sql += params.add(std::move(key)) + ", " + params.add(cursor->id) + ")";
    }
    sql += " ORDER BY ";
    const char* direction = ascending ? " ASC" : " DESC";
    if (relevance) {
        sql += "(" + tier + ")" + direction + ", ";
    }
    sql += spec.expression + direction + ", c.id" + direction;
    sql += " LIMIT " + params.add(static_cast<std::int64_t>(search.limit + 1));

    return database_.read([&](Connection& connection) -> Result<domain::CustomerSearchPage> {
        domain::CustomerSearchPage page;
        {
            auto statement = connection.prepare(sql);
            params.bind(statement);
            bool has_more = false;
            Cursor last{.scope = scope_of(search)};
            while (statement.step()) {
                if (page.items.size() == search.limit) {
                    has_more = true;
                    break;
                }
                page.items.push_back(sql::read_customer(statement));
                last.id = page.items.back().id;
                last.tier = statement.int64(sql::kCustomerColumnCount);
                const int key_column = sql::kCustomerColumnCount + 1;
                last.key = spec.kind == KeyKind::Integer ? std::to_string(statement.int64(key_column))
                           : spec.kind == KeyKind::Blob  ? statement.blob(key_column)
                                                         : std::string(statement.text_view(key_column));
            }
            if (has_more) {
                page.next_cursor = encode(last);
            }
        }
        if (search.with_count) {
            const std::string matching = "SELECT c.id FROM customers c WHERE " + *where;
            Params capped = filter_params;
            const std::string cap = capped.add(domain::kExactCountCap + 1);
            const std::int64_t counted =
                single_int(connection, "SELECT COUNT(*) FROM (" + matching + " LIMIT " + cap + ")", capped);
            if (counted <= domain::kExactCountCap) {
                page.count = counted;
            } else {
                // The id of the cap-th match along the id order, against the largest id: ids are spread over
                // time evenly enough that matches up to it stand for the whole table.
                Params probe = filter_params;
                const std::string offset = probe.add(domain::kExactCountCap - 1);
                const std::int64_t cap_id =
                    single_int(connection, matching + " ORDER BY c.id LIMIT 1 OFFSET " + offset, probe);
                const std::int64_t max_id =
                    single_int(connection, "SELECT COALESCE(MAX(id), 0) FROM customers", Params{});
                const double ratio = cap_id > 0 ? static_cast<double>(max_id) / static_cast<double>(cap_id) : 1.0;
                page.count = std::max<std::int64_t>(
                    domain::kExactCountCap + 1,
                    static_cast<std::int64_t>(static_cast<double>(domain::kExactCountCap) * ratio)
                );
                page.count_is_estimate = true;
            }
        }
        load_details(connection, page.items);
        return page;
    });
}

}  // namespace kartoteka::store::sqlite
