#include "domain/customer_filter.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <set>

#include "util/text.hpp"

namespace kartoteka::domain {
namespace {

constexpr std::array kSortFieldNames{
    std::pair{CustomerSortField::Relevance, "relevance"},
    std::pair{CustomerSortField::Name, "name"},
    std::pair{CustomerSortField::Ico, "ico"},
    std::pair{CustomerSortField::Dic, "dic"},
    std::pair{CustomerSortField::Email, "email"},
    std::pair{CustomerSortField::Phone, "phone"},
    std::pair{CustomerSortField::City, "city"},
    std::pair{CustomerSortField::Country, "country"},
    std::pair{CustomerSortField::Status, "status"},
    std::pair{CustomerSortField::Kind, "kind"},
    std::pair{CustomerSortField::Owner, "owner"},
    std::pair{CustomerSortField::Created, "created"},
    std::pair{CustomerSortField::Updated, "updated"},
};

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const auto end = comma == std::string_view::npos ? text.size() : comma;
        std::string item = util::trim(text.substr(start, end - start));
        if (!item.empty()) {
            items.push_back(std::move(item));
        }
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    return items;
}

std::optional<std::int64_t> parse_positive(std::string_view text) {
    std::int64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end || value <= 0) {
        return std::nullopt;
    }
    return value;
}

std::optional<bool> parse_bool(std::string_view text) {
    if (text == "true" || text == "1") {
        return true;
    }
    if (text == "false" || text == "0") {
        return false;
    }
    return std::nullopt;
}

std::string sort_field_list() {
    std::string names;
    for (const auto& [field, name] : kSortFieldNames) {
        names += names.empty() ? "" : ", ";
        names += name;
    }
    return names;
}

class Parser {
public:
    explicit Parser(bool trash) { search_.trash = trash; }

    void parameter(const std::string& key, const std::string& value) {
        if (!seen_.insert(key).second) {
            fail(key, "given more than once; use a comma-separated list");
            return;
        }
        if (key == "q") {
            search_.q = value;
        } else if (key == "limit") {
            limit(key, value);
        } else if (key == "cursor") {
            search_.cursor = value;
        } else if (key == "sort") {
            sort(key, value);
        } else if (key == "order") {
            order(key, value);
        } else if (key == "count") {
            boolean(key, value, [this](bool flag) { search_.with_count = flag; });
        } else if (key == "status") {
            statuses(key, value);
        } else if (key == "kind") {
            kind(key, value);
        } else if (key == "owner_id") {
            owners(key, value);
        } else if (key == "tags_any") {
            search_.filter.tags_any = split_list(value);
        } else if (key == "tags_all" || key == "tag") {
            for (auto& tag : split_list(value)) {
                search_.filter.tags_all.push_back(std::move(tag));
            }
        } else if (key == "city") {
            for (const auto& city : split_list(value)) {
                search_.filter.cities.push_back(util::fold_for_search(city));
            }
        } else if (key == "country") {
            countries(key, value);
        } else if (key == "created_from" || key == "created_to" || key == "updated_from" || key == "updated_to") {
            day(key, value);
        } else if (key == "has_open_tasks") {
            boolean(key, value, [this](bool flag) { search_.filter.has_open_tasks = flag; });
        } else if (key == "has_overdue_tasks") {
            boolean(key, value, [this](bool flag) { search_.filter.has_overdue_tasks = flag; });
        } else if (key == "last_contact_older_than_days") {
            const auto days = parse_positive(value);
            if (!days || *days > 36'500) {
                fail(key, "must be a whole number of days from 1 to 36500");
            } else {
                search_.filter.last_contact_older_than_days = static_cast<int>(*days);
            }
        } else {
            fail(key, "unknown parameter");
        }
    }

    Result<CustomerSearch> finish() {
        if (!sort_given_ && !search_.q.empty()) {
            search_.sort = CustomerSortField::Relevance;
        }
        check_range("created", search_.filter.created);
        check_range("updated", search_.filter.updated);
        if (!errors_.empty()) {
            return kartoteka::fail(Error::invalid("invalid query parameters", std::move(errors_), std::move(codes_)));
        }
        return search_;
    }

private:
    void fail(const std::string& key, std::string message, std::string code = "invalid") {
        errors_.emplace(key, std::move(message));
        codes_.emplace(key, std::move(code));
    }

    template <typename Set>
    void boolean(const std::string& key, const std::string& value, Set set) {
        if (const auto flag = parse_bool(value)) {
            set(*flag);
        } else {
            fail(key, "must be true or false");
        }
    }

    void limit(const std::string& key, const std::string& value) {
        const auto parsed = parse_positive(value);
        if (!parsed || *parsed > static_cast<std::int64_t>(kMaxPageSize)) {
            fail(key, "must be an integer from 1 to " + std::to_string(kMaxPageSize));
        } else {
            search_.limit = static_cast<std::size_t>(*parsed);
        }
    }

    void sort(const std::string& key, const std::string& value) {
        std::string_view name = value;
        if (name.starts_with('-')) {
            search_.direction = SortDirection::Descending;
            name.remove_prefix(1);
            order_from_sign_ = true;
        }
        if (const auto field = parse_customer_sort_field(name)) {
            search_.sort = *field;
            sort_given_ = true;
        } else {
            fail(key, "must be one of " + sort_field_list() + ", optionally with a leading '-'");
        }
    }

    void order(const std::string& key, const std::string& value) {
        // Kept for the clients written before sort=-FIELD; a '-' on sort wins.
        if (value == "asc") {
            if (!order_from_sign_) {
                search_.direction = SortDirection::Ascending;
            }
        } else if (value == "desc") {
            search_.direction = SortDirection::Descending;
        } else {
            fail(key, "must be asc or desc");
        }
    }

    void statuses(const std::string& key, const std::string& value) {
        for (const auto& item : split_list(value)) {
            if (const auto status = parse_customer_status(item)) {
                search_.filter.statuses.push_back(*status);
            } else {
                fail(key, "must be a comma-separated list of lead, active and inactive");
                return;
            }
        }
    }

    void kind(const std::string& key, const std::string& value) {
        if (value.empty()) {
            return;
        }
        if (const auto parsed = parse_customer_kind(value)) {
            search_.filter.kind = *parsed;
        } else {
            fail(key, "must be company or person");
        }
    }

    void owners(const std::string& key, const std::string& value) {
        for (const auto& item : split_list(value)) {
            if (item == "none") {
                search_.filter.owner_none = true;
            } else if (const auto id = parse_positive(item)) {
                search_.filter.owner_ids.push_back(*id);
            } else {
                fail(key, "must be a comma-separated list of user ids or none");
                return;
            }
        }
    }

    void countries(const std::string& key, const std::string& value) {
        for (auto item : split_list(value)) {
            const bool alpha2 = item.size() == 2 && std::isalpha(static_cast<unsigned char>(item[0])) != 0 &&
                                std::isalpha(static_cast<unsigned char>(item[1])) != 0;
            if (!alpha2) {
                fail(key, "must be a comma-separated list of two-letter country codes");
                return;
            }
            for (char& c : item) {
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            }
            search_.filter.countries.push_back(std::move(item));
        }
    }

    void day(const std::string& key, const std::string& value) {
        if (!is_valid_day(value)) {
            fail(key, "must be a date written YYYY-MM-DD");
            return;
        }
        DayRange& range = key.starts_with("created") ? search_.filter.created : search_.filter.updated;
        (key.ends_with("_from") ? range.from : range.to) = value;
    }

    void check_range(const std::string& field, const DayRange& range) {
        // ISO dates compare as text.
        if (range.from && range.to && *range.from > *range.to) {
            fail(field + "_to", "must not be before " + field + "_from");
        }
    }

    CustomerSearch search_;
    FieldErrors errors_;
    FieldErrors codes_;
    std::set<std::string> seen_;
    bool sort_given_ = false;
    bool order_from_sign_ = false;
};

}  // namespace

const char* to_string(CustomerSortField field) {
    for (const auto& [candidate, name] : kSortFieldNames) {
        if (candidate == field) {
            return name;
        }
    }
    return "name";
}

std::optional<CustomerSortField> parse_customer_sort_field(std::string_view text) {
    for (const auto& [field, name] : kSortFieldNames) {
        if (text == name) {
            return field;
        }
    }
    return std::nullopt;
}

bool is_valid_day(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return false;
    }
    const auto number = [&](std::size_t at, std::size_t length) -> int {
        int value = 0;
        for (std::size_t i = at; i < at + length; ++i) {
            if (text[i] < '0' || text[i] > '9') {
                return -1;
            }
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    const int year = number(0, 4);
    const int month = number(5, 2);
    const int day = number(8, 2);
    if (year < 1900 || month < 1 || month > 12 || day < 1) {
        return false;
    }
    constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int days = kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
    return day <= days;
}

Result<CustomerSearch> parse_customer_search(const QueryParams& params, bool trash) {
    Parser parser(trash);
    for (const auto& [key, value] : params) {
        parser.parameter(key, value);
    }
    return parser.finish();
}

}  // namespace kartoteka::domain
