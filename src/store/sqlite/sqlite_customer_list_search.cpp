// SqliteCustomerRepository::search: the customer list's search, filters, sort, keyset cursor and count.
// Filters, sort and keyset are portable SQL; only the MATCH against customer_search (FTS5) is SQLite's.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <unordered_map>
#include <variant>

#include <sqlite3.h>

#include "domain/calendar_time.hpp"
#include "domain/customer_filter.hpp"
#include "domain/search_query.hpp"
#include "store/sql/customer_cursor.hpp"
#include "store/sql/customer_queries.hpp"
#include "store/sqlite/sqlite_customer_search.hpp"
#include "store/sqlite/sqlite_customer_writes.hpp"
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
    std::string scope = {};
    std::int64_t tier = 0;  // relevance only
    std::string key = {};   // raw bytes of the sort key (text or blob) or the decimal integer
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
Result<std::string> filter_clause(const domain::CustomerSearch& search, Params& params) {
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
    return where;
}

/// The ids matching the query (a SELECT of `id`); the query must have words.
std::string match_ids(const domain::SearchQuery& query, Params& params) {
    if (fts_match_expression(query).empty()) {
        return "SELECT c.id FROM customers c";  // e.g. "@." : no words, so everything matches
    }
    std::string sql = "SELECT rowid AS id FROM customer_search WHERE customer_search MATCH " +
                      params.add(fts_match_expression(query));
    if (!query.email_domain && !query.phone_digits && count_code_points(query.folded) >= 3) {
        sql += " UNION SELECT rowid FROM customers_fts WHERE customers_fts MATCH " +
               params.add(trigram_phrase(query.folded));
    }
    return sql;
}

/// " AND c.id IN (matches of the query)", or nothing for a query without words.
std::string match_clause(const domain::SearchQuery& query, Params& params) {
    std::string where;
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

/// The exact IČO / e-mail / phone condition of relevance tier 0; empty when the query is none of those.
std::string exact_condition(const domain::SearchQuery& query, Params& params) {
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
    return exact;
}

/// 0 = exact IČO / e-mail / phone, 1 = the name starts with the query, 2 = any other match.
std::string relevance_tier(const domain::SearchQuery& query, Params& params) {
    const std::string exact = exact_condition(query, params);
    std::string tier = "CASE";
    if (!exact.empty()) {
        tier += " WHEN " + exact + " THEN 0";
    }
    tier += " WHEN c.name_search LIKE " + params.add(like_prefix(query.folded)) + " ESCAPE '\\' THEN 1 ELSE 2 END";
    return tier;
}

std::int64_t single_int(Connection& connection, const std::string& sql, const Params& params) {
    auto statement = connection.prepare(sql);
    params.bind(statement);
    return statement.step() && !statement.is_null(0) ? statement.int64(0) : 0;
}

// ---- index walks ----
//
// A short prefix matches a large part of the table ("n": half of it), so materialising the match set and sorting
// it costs a second. Instead a page is read by walking an index that is already in the page's order and testing
// each row against the query in C++ on the row's stored search document, stopping when the page is full. Dense
// queries fill the page after a few hundred rows; a sparse query would walk the whole table, so the walk gets a
// work budget (SQLite VM steps) and, when it runs out, the page is read the other way round: the (then small)
// FTS match set, sorted.

/// Splits a folded search document the way the FTS5 unicode61 tokenizer does for the text fold_for_search()
/// produces: ASCII letters and digits and non-ASCII letters form words; ASCII punctuation and the common
/// non-ASCII punctuation (dashes, quotes, no-break space, ellipsis) separate them.
bool is_separator_at(std::string_view text, std::size_t at, std::size_t& length) {
    const auto byte = static_cast<unsigned char>(text[at]);
    length = 1;
    if (byte < 0x80) {
        const char c = text[at];
        return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    }
    length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    static constexpr std::string_view kSeparators[] = {
        "\u00a0",
        "\u00ab",
        "\u00bb",
        "\u2013",
        "\u2014",
        "\u2018",
        "\u2019",
        "\u201a",
        "\u201c",
        "\u201d",
        "\u201e",
        "\u2026",
        "\u00b7",
        "\u2022",
        "\u00a7",
        "\u00b0",
    };
    const std::string_view code_point = text.substr(at, length);
    return std::find(std::begin(kSeparators), std::end(kSeparators), code_point) != std::end(kSeparators);
}

/// True when some word of `text` starts with `word`.
bool has_word_prefix(std::string_view text, std::string_view word) {
    bool at_word_start = true;
    for (std::size_t at = 0; at < text.size();) {
        std::size_t length = 1;
        const bool separator = is_separator_at(text, at, length);
        if (!separator && at_word_start && text.compare(at, word.size(), word) == 0) {
            return true;
        }
        at_word_start = separator;
        at += length;
    }
    return false;
}

/// The search document of one row as the walk reads it (columns of customer_search).
struct Document {
    std::string_view name, codes, email, phone, other;
};

/// The same question as the FTS MATCH of fts_match_expression() plus the trigram substring of the name,
/// answered on one row's document.
class Matcher {
public:
    explicit Matcher(const domain::SearchQuery& query)
        : query_(query),
          email_only_(query.email_domain && query.email_local.empty() && !query.email_domain->empty()),
          substring_(!query.email_domain && !query.phone_digits && count_code_points(query.folded) >= 3) {
        if (email_only_) {
            words_ = domain::split_search_words(*query.email_domain);
        } else {
            words_ = query.words;
        }
    }

    bool matches(std::string_view name_search, const Document& document) const {
        if (substring_ && name_search.find(query_.folded) != std::string_view::npos) {
            return true;
        }
        for (const auto& word : words_) {
            const bool found = email_only_
                                   ? has_word_prefix(document.email, word)
                                   : has_word_prefix(document.name, word) || has_word_prefix(document.codes, word) ||
                                         has_word_prefix(document.email, word) ||
                                         has_word_prefix(document.phone, word) || has_word_prefix(document.other, word);
            if (!found) {
                return false;
            }
        }
        return !words_.empty();
    }

private:
    const domain::SearchQuery& query_;
    bool email_only_;
    bool substring_;
    std::vector<std::string> words_;
};

/// Interrupts the statements of one connection after about `steps` SQLite VM instructions.
class WorkBudget {
public:
    WorkBudget(Connection& connection, std::int64_t steps) : db_(connection.handle()), ticks_left_(steps / kTick) {
        sqlite3_progress_handler(db_, kTick, &WorkBudget::tick, this);
    }
    ~WorkBudget() { sqlite3_progress_handler(db_, 0, nullptr, nullptr); }
    WorkBudget(const WorkBudget&) = delete;
    WorkBudget& operator=(const WorkBudget&) = delete;

    static bool interrupted(const SqliteError& error) { return (error.extended_code() & 0xff) == SQLITE_INTERRUPT; }

private:
    static constexpr int kTick = 1000;
    static int tick(void* self) { return --static_cast<WorkBudget*>(self)->ticks_left_ < 0 ? 1 : 0; }

    sqlite3* db_;
    std::int64_t ticks_left_;
};

/// Bounds of a walk: rows the filters pass (each costs a document read and a test, about 6 µs) and SQLite VM
/// steps (rows the filters reject). About 10 ms on the benchmark machine; a query matching fewer than ~2 % of
/// the rows it walks falls back to its FTS match set, which is then small enough to sort.
constexpr std::size_t kWalkRows = 2500;
constexpr std::int64_t kWalkBudgetSteps = 400'000;

/// Tier 1 candidates (names starting with the query) up to which they are read by name prefix and sorted,
/// rather than walked in name order.
constexpr std::int64_t kSortedPrefixLimit = 2000;

/// A row of a page in the making: what the cursor needs.
struct Hit {
    std::int64_t id;
    std::int64_t tier;
    std::string key;
};

/// The columns every walk selects, after which come the filters' own: the order key is column 1.
constexpr std::string_view kWalkColumns =
    "c.id, {key}, c.name_search, c.ico, lower(c.email), c.phone, s.name, s.codes, s.email, s.phone, s.other";

std::string walk_columns(std::string_view key_expression) {
    std::string columns(kWalkColumns);
    columns.replace(columns.find("{key}"), 5, key_expression);
    return columns;
}

/// Relevance tier of a matching row, as relevance_tier() computes it in SQL.
std::int64_t tier_of(const domain::SearchQuery& query, const Statement& row) {
    if (query.ico && row.text_view(3) == *query.ico) {
        return 0;
    }
    if (query.email_domain && !query.email_local.empty() && row.text_view(4) == query.folded) {
        return 0;
    }
    if (query.phone_digits && query.phone_digits->size() >= 9) {
        const std::string_view phone = row.text_view(5);
        if (phone == "+420" + *query.phone_digits || phone == "+" + *query.phone_digits) {
            return 0;
        }
    }
    return row.text_view(2).starts_with(query.folded) ? 1 : 2;
}

enum class WalkEnd { Filled, Exhausted, OverBudget };

/// Steps a walk statement (kWalkColumns), keeping rows that match (when `matcher`) and are of `tier` (when
/// given) until `hits` holds `want` rows.
WalkEnd consume(
    Statement& statement,
    const Matcher* matcher,
    const domain::SearchQuery& query,
    std::optional<std::int64_t> tier,
    KeyKind kind,
    std::size_t want,
    std::vector<Hit>& hits,
    std::size_t max_examined = SIZE_MAX
) {
    try {
        for (std::size_t examined = 0; hits.size() < want; ++examined) {
            if (examined == max_examined) {
                return WalkEnd::OverBudget;
            }
            if (!statement.step()) {
                return WalkEnd::Exhausted;
            }
            if (matcher) {
                const Document document{
                    statement.text_view(6),
                    statement.text_view(7),
                    statement.text_view(8),
                    statement.text_view(9),
                    statement.text_view(10)};
                if (!matcher->matches(statement.text_view(2), document)) {
                    continue;
                }
            }
            const std::int64_t row_tier = tier ? tier_of(query, statement) : 0;
            if (tier && row_tier != *tier) {
                continue;
            }
            hits.push_back(Hit{
                .id = statement.int64(0),
                .tier = row_tier,
                .key = kind == KeyKind::Integer ? std::to_string(statement.int64(1))
                       : kind == KeyKind::Blob  ? statement.blob(1)
                                                : std::string(statement.text_view(1)),
            });
        }
        return WalkEnd::Filled;
    } catch (const SqliteError& error) {
        if (WorkBudget::interrupted(error)) {
            return WalkEnd::OverBudget;
        }
        throw;
    }
}

/// The index a walk in this sort order uses, if there is one.
std::optional<std::string_view> walk_index(CustomerSortField field) {
    switch (field) {
        case CustomerSortField::Relevance:
        case CustomerSortField::Name:
            return "customers_live_name";
        case CustomerSortField::Created:
            return "customers_live_created";
        case CustomerSortField::Updated:
            return "customers_live_updated";
        default:
            return std::nullopt;
    }
}

/// "nov" -> "now": the exclusive upper end of the strings starting with `prefix` (never empty: folded text).
std::string prefix_end(std::string prefix) {
    while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xff) {
        prefix.pop_back();
    }
    if (!prefix.empty()) {
        prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
    }
    return prefix;
}

/// The primary-strength part of an ICU sort key: the bytes before the first level separator.
std::string primary_part(std::string key) {
    if (const auto separator = key.find('\x01'); separator != std::string::npos) {
        key.resize(separator);
    }
    return key;
}

/// Bounds of the name-order region holding every name whose folded form starts with `folded`. Folding only
/// removes diacritics and case, and in Czech order a letter with a diacritic sorts with or after its base letter
/// (á with a; č, ř, š, ž after c, r, s, z; ch after h), so the region starts at the query's own key and ends
/// after the last name whose first letter is the latest-sorting letter that folds to the query's first letter.
std::pair<std::string, std::string> name_region(std::string_view folded) {
    std::string lower = primary_part(util::czech_sort_key(folded));
    std::size_t first_length = 1;
    is_separator_at(folded, 0, first_length);
    std::string first(folded.substr(0, first_length));
    if (first == "c") {
        first = "ch";
    } else if (first == "r") {
        first = "\u0159";
    } else if (first == "s") {
        first = "\u0161";
    } else if (first == "z") {
        first = "\u017e";
    }
    std::string upper = primary_part(util::czech_sort_key(first));
    upper.push_back('\xff');
    return {std::move(lower), std::move(upper)};
}

std::optional<Value> key_value(KeyKind kind, const std::string& key) {
    if (kind == KeyKind::Integer) {
        const auto number = to_int(key);
        if (!number) {
            return std::nullopt;
        }
        return Value{*number};
    }
    if (kind == KeyKind::Blob) {
        return Value{Blob{key}};
    }
    return Value{key};
}

/// What a walked page needs to know about the listing.
struct WalkPlan {
    const domain::CustomerSearch& search;
    const domain::SearchQuery& query;
    CustomerSortField field;
    const SortSpec& spec;
    bool ascending;
    const std::optional<Cursor>& cursor;
    const std::string& filters;  // filter_clause(), without the match
    const Params& filter_params;
};

/// One walk statement: `index` in the sort order, the filters, `extra` conditions and the keyset when the
/// cursor is in `tier` (any tier when nullopt).
std::string walk_sql(
    const WalkPlan& plan,
    std::string_view index,
    const std::string& extra,
    Params& params,
    std::optional<std::int64_t> tier,
    bool with_document,
    const std::string& driver = {}
) {
    std::string sql = "SELECT ";
    if (with_document) {
        sql += walk_columns(plan.spec.expression);
    } else {
        sql += "c.id, " + plan.spec.expression + ", c.name_search, c.ico, lower(c.email), c.phone";
    }
    if (!driver.empty()) {
        // The (small) id set drives the join: left to itself, SQLite would walk the sort index to save the sort
        // and probe the set with every customer.
        sql += " FROM (" + driver + ") m CROSS JOIN customers c ON c.id = m.id";
    } else {
        sql += " FROM customers c";
    }
    if (!index.empty()) {
        sql += " INDEXED BY ";
        sql += index;
    }
    if (with_document) {
        sql += " LEFT JOIN customer_search s ON s.rowid = c.id";
    }
    sql += " WHERE " + plan.filters + extra;
    const char* direction = plan.ascending ? " ASC" : " DESC";
    if (plan.cursor && (!tier || plan.cursor->tier == *tier)) {
        // key_value() was checked by the caller.
        sql += " AND (" + plan.spec.expression + ", c.id) " + (plan.ascending ? ">" : "<") + " (" +
               params.add(*key_value(plan.spec.kind, plan.cursor->key)) + ", " + params.add(plan.cursor->id) + ")";
    }
    sql += " ORDER BY " + plan.spec.expression + direction + ", c.id" + direction;
    return sql;
}

/// The page's rows (limit + 1 of them when there is a next page) read by walking indexes (see above), or
/// nullopt when this listing has no index to walk or the walk ran out of budget: then the caller runs the
/// plain query.
std::optional<std::vector<Hit>> walk_page(Connection& connection, const WalkPlan& plan) {
    const auto index = walk_index(plan.field);
    if (plan.search.trash || !index) {
        return std::nullopt;
    }
    const std::size_t want = plan.search.limit + 1;
    const Matcher matcher(plan.query);
    const Matcher* match = plan.query.empty() ? nullptr : &matcher;
    std::vector<Hit> hits;
    const auto run = [&](const std::string& sql,
                         const Params& params,
                         std::optional<std::int64_t> tier,
                         std::size_t max_examined = SIZE_MAX) {
        auto statement = connection.prepare(sql);
        params.bind(statement);
        return consume(statement, match, plan.query, tier, plan.spec.kind, want, hits, max_examined);
    };

    if (plan.field != CustomerSortField::Relevance) {
        if (!match && plan.filters == "c.deleted_at IS NULL") {
            return std::nullopt;  // SQLite walks the sort index by itself
        }
        Params params = plan.filter_params;
        const std::string sql = walk_sql(plan, *index, "", params, std::nullopt, match != nullptr);
        WorkBudget budget(connection, kWalkBudgetSteps);
        if (run(sql, params, std::nullopt, kWalkRows) == WalkEnd::OverBudget) {
            return std::nullopt;
        }
        return hits;
    }
    if (!plan.ascending) {
        return std::nullopt;
    }
    const std::int64_t from_tier = plan.cursor ? plan.cursor->tier : 0;
    if (from_tier <= 0) {
        Params params = plan.filter_params;
        const std::string exact = exact_condition(plan.query, params);
        if (!exact.empty()) {
            const std::string driver = "SELECT c.id FROM customers c WHERE c.deleted_at IS NULL AND (" + exact + ")";
            run(walk_sql(plan, "", "", params, 0, true, driver), params, 0);
        }
    }
    const std::string& folded = plan.query.folded;
    if (hits.size() < want && from_tier <= 1 && !folded.empty()) {
        Params params = plan.filter_params;
        const std::string range =
            " AND c.name_search >= " + params.add(folded) + " AND c.name_search < " + params.add(prefix_end(folded));
        Params count_params;
        const std::int64_t candidates = single_int(
            connection,
            "SELECT COUNT(*) FROM (SELECT 1 FROM customers c INDEXED BY customers_live_name_search WHERE "
            "c.deleted_at IS NULL AND c.name_search >= $1 AND c.name_search < $2 LIMIT $3)",
            [&] {
                count_params.add(folded);
                count_params.add(prefix_end(folded));
                count_params.add(kSortedPrefixLimit + 1);
                return count_params;
            }()
        );
        if (candidates <= kSortedPrefixLimit) {
            // Few names start with the query: read them by the folded name and sort them.
            run(walk_sql(plan, "customers_live_name_search", range, params, 1, true), params, 1);
        } else {
            // Many do (a short prefix): walk their region of the name order, where they are dense.
            const auto [lower, upper] = name_region(folded);
            const std::string region = range + " AND c.name_sort_key >= " + params.add(Blob{lower}) +
                                       " AND c.name_sort_key < " + params.add(Blob{upper});
            run(walk_sql(plan, *index, region, params, 1, true), params, 1);
        }
    }
    if (hits.size() < want) {
        const std::size_t before = hits.size();
        Params params = plan.filter_params;
        const std::string sql = walk_sql(plan, *index, "", params, 2, true);
        // IČO and phone fragments are sparse by nature: straight to their match set.
        WalkEnd end = WalkEnd::OverBudget;
        if (!plan.query.ico && !plan.query.phone_digits) {
            WorkBudget budget(connection, kWalkBudgetSteps);
            end = run(sql, params, 2, kWalkRows);
        }
        if (end == WalkEnd::OverBudget) {
            // Sparse: the match set is small, so read it and keep the first rows of tier 2 (a top-N sort over
            // the keys only; the FTS set needs no second test).
            hits.resize(before);
            Params sparse = plan.filter_params;
            const std::string matches = match_ids(plan.query, sparse);
            std::string later = " AND NOT (c.name_search >= " + sparse.add(folded) + " AND c.name_search < " +
                                sparse.add(prefix_end(folded)) + ")";
            if (const std::string exact = exact_condition(plan.query, sparse); !exact.empty()) {
                later += " AND NOT (" + exact + ")";
            }
            const std::string sql_sparse = walk_sql(plan, "", later, sparse, 2, false, matches) + " LIMIT " +
                                           sparse.add(static_cast<std::int64_t>(want - hits.size()));
            auto statement = connection.prepare(sql_sparse);
            sparse.bind(statement);
            consume(statement, nullptr, plan.query, 2, plan.spec.kind, want, hits);
        }
    }
    return hits;
}

/// `count` and `count_is_estimate` of a page: exact up to kExactCountCap, then extrapolated from where the
/// cap was reached along the id order (ids are spread over time evenly enough to stand for the whole table).
void count_matches(
    Connection& connection,
    const domain::SearchQuery& query,
    const std::string& filters,
    const Params& filter_params,
    domain::CustomerSearchPage& page
) {
    Params params = filter_params;
    const std::string cap = params.add(domain::kExactCountCap + 1);
    std::string sql;
    const std::string match = fts_match_expression(query);
    if (!match.empty()) {
        // Both FTS indexes yield rowids in order, so a merged UNION under LIMIT stops after the cap instead of
        // materialising every match of a short prefix.
        sql =
            "SELECT COUNT(*), MAX(id) FROM (SELECT s.rowid AS id FROM customer_search s JOIN customers c ON c.id "
            "= s.rowid WHERE s.customer_search MATCH " +
            params.add(match) + " AND " + filters;
        if (!query.email_domain && !query.phone_digits && count_code_points(query.folded) >= 3) {
            sql +=
                " UNION SELECT t.rowid FROM customers_fts t JOIN customers c ON c.id = t.rowid WHERE "
                "t.customers_fts MATCH " +
                params.add(trigram_phrase(query.folded)) + " AND " + filters;
        }
        sql += " ORDER BY 1 LIMIT " + cap + ")";
    } else {
        sql = "SELECT COUNT(*), MAX(id) FROM (SELECT c.id FROM customers c WHERE " + filters + " LIMIT " + cap + ")";
    }
    std::int64_t counted = 0;
    std::int64_t last_id = 0;
    {
        auto statement = connection.prepare(sql);
        params.bind(statement);
        if (statement.step()) {
            counted = statement.int64(0);
            last_id = statement.is_null(1) ? 0 : statement.int64(1);
        }
    }
    if (counted <= domain::kExactCountCap) {
        page.count = counted;
        return;
    }
    const std::int64_t max_id = single_int(connection, "SELECT COALESCE(MAX(id), 0) FROM customers", Params{});
    double ratio = 1.0;
    if (!match.empty()) {
        ratio = last_id > 0 ? static_cast<double>(max_id) / static_cast<double>(last_id) : 1.0;
    } else {
        // The rows counted above came in index order, not id order: sample id windows spread over the table.
        constexpr std::int64_t kWindows = 4;
        constexpr std::int64_t kWindowIds = 5000;
        std::int64_t sampled = 0;
        std::int64_t hits = 0;
        for (std::int64_t window = 0; window < kWindows; ++window) {
            const std::int64_t first = 1 + (max_id - kWindowIds) * window / (kWindows - 1);
            Params sample = filter_params;
            const std::string from = sample.add(std::max<std::int64_t>(first, 1));
            const std::string to = sample.add(std::max<std::int64_t>(first, 1) + kWindowIds - 1);
            hits += single_int(
                connection,
                "SELECT COUNT(*) FROM customers c NOT INDEXED WHERE c.id BETWEEN " + from + " AND " + to + " AND " +
                    filters,
                sample
            );
            sampled += kWindowIds;
        }
        const double share = sampled > 0 ? static_cast<double>(hits) / static_cast<double>(sampled) : 0.0;
        ratio = share * static_cast<double>(max_id) / static_cast<double>(domain::kExactCountCap);
    }
    page.count = std::max<std::int64_t>(
        domain::kExactCountCap + 1, static_cast<std::int64_t>(static_cast<double>(domain::kExactCountCap) * ratio)
    );
    page.count_is_estimate = true;
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
    const auto bad_cursor = [] {
        return fail(Error::invalid_field("cursor", "not a cursor for this listing; start from the first page"));
    };
    if (!search.cursor.empty()) {
        cursor = decode(search.cursor);
        if (!cursor || cursor->scope != scope_of(search)) {
            return bad_cursor();
        }
    }
    const SortSpec spec = sort_spec(field);
    const bool ascending = search.direction == domain::SortDirection::Ascending;
    if (cursor && !key_value(spec.kind, cursor->key)) {
        return bad_cursor();
    }

    Params filter_params;
    auto filters = filter_clause(search, filter_params);
    if (!filters) {
        return fail(filters.error());
    }
    // The plain query: every match, ranked and sorted by SQLite. Used when no index walk serves the listing.
    Params params = filter_params;
    const std::string where = *filters + match_clause(query, params);
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
    sql += ", " + spec.expression + " FROM customers c WHERE " + where;
    if (cursor) {
        sql += " AND (" + order_columns + ") " + (ascending ? ">" : "<") + " (";
        if (relevance) {
            sql += params.add(cursor->tier) + ", ";
        }
        sql += params.add(*key_value(spec.kind, cursor->key)) + ", " + params.add(cursor->id) + ")";
    }
    sql += " ORDER BY ";
    const char* direction = ascending ? " ASC" : " DESC";
    if (relevance) {
        sql += "(" + tier + ")" + direction + ", ";
    }
    sql += spec.expression + direction + ", c.id" + direction;
    sql += " LIMIT " + params.add(static_cast<std::int64_t>(search.limit + 1));

    const WalkPlan plan{
        .search = search,
        .query = query,
        .field = field,
        .spec = spec,
        .ascending = ascending,
        .cursor = cursor,
        .filters = *filters,
        .filter_params = filter_params,
    };
    return database_.read([&](Connection& connection) -> Result<domain::CustomerSearchPage> {
        domain::CustomerSearchPage page;
        Cursor last{.scope = scope_of(search)};
        bool has_more = false;
        if (auto hits = walk_page(connection, plan)) {
            for (const auto& hit : *hits) {
                if (page.items.size() == search.limit) {
                    has_more = true;
                    break;
                }
                auto statement = connection.prepare(sql::kSelectCustomerById);
                statement.bind("$1", hit.id);
                if (statement.step()) {
                    page.items.push_back(sql::read_customer(statement));
                }
                last.id = hit.id;
                last.tier = hit.tier;
                last.key = hit.key;
            }
        } else {
            auto statement = connection.prepare(sql);
            params.bind(statement);
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
        }
        if (has_more) {
            page.next_cursor = encode(last);
        }
        if (search.with_count) {
            count_matches(connection, query, *filters, filter_params, page);
        }
        load_page_details(connection, page.items);
        return page;
    });
}

}  // namespace kartoteka::store::sqlite
