#include "importer/row_conversion.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <string>
#include <utility>

#include "domain/validation.hpp"
#include "importer/cell_values.hpp"
#include "importer/column_mapping.hpp"
#include "util/text.hpp"

namespace kartoteka::importer {
namespace {

using domain::CustomerColumn;
using domain::RowIssue;

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Spaces people and spreadsheets put into numbers: ASCII space, tab, no-break space (U+00A0), narrow no-break
// space (U+202F).
std::string without_spaces(std::string_view text) {
    std::string kept;
    kept.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == ' ' || text[i] == '\t') {
            continue;
        }
        if (text.substr(i, 2) == "\xC2\xA0") {
            ++i;
            continue;
        }
        if (text.substr(i, 3) == "\xE2\x80\xAF") {
            i += 2;
            continue;
        }
        kept.push_back(text[i]);
    }
    return kept;
}

std::string cell_text(const Cell& cell) {
    switch (cell.type) {
        case CellType::Empty:
            return {};
        case CellType::Number:
            return cell.text.empty() ? number_text(cell.number) : cell.text;
        default:
            return cell.text;
    }
}

// A Czech number that lost its "+" in a numeric cell ("420602123456") is still a +420 number.
std::string restore_phone_plus(std::string text) {
    const std::string compact = without_spaces(text);
    if (compact.size() == 12 && compact.starts_with("420") && all_digits(compact)) {
        return "+" + compact;
    }
    return text;
}

std::optional<domain::CustomerStatus> parse_status(std::string_view text) {
    const std::string key = header_key(text);
    if (key == "aktivni" || key == "active" || key == "aktivnizakaznik") {
        return domain::CustomerStatus::Active;
    }
    if (key == "potencialni" || key == "lead" || key == "potencialnizakaznik" || key == "zajemce" ||
        key == "prospect") {
        return domain::CustomerStatus::Lead;
    }
    if (key == "neaktivni" || key == "inactive" || key == "byvaly" || key == "byvalyzakaznik") {
        return domain::CustomerStatus::Inactive;
    }
    return std::nullopt;
}

std::optional<domain::CustomerKind> parse_kind(std::string_view text) {
    const std::string key = header_key(text);
    // PO/FO: právnická/fyzická osoba, the way Czech lists mark companies and persons.
    if (key == "company" || key == "firma" || key == "spolecnost" || key == "pravnickaosoba" || key == "po" ||
        key == "organizace" || key == "organization") {
        return domain::CustomerKind::Company;
    }
    if (key == "person" || key == "osoba" || key == "fyzickaosoba" || key == "fo" || key == "individual" ||
        key == "fyzicka" || key == "soukromaosoba") {
        return domain::CustomerKind::Person;
    }
    return std::nullopt;
}

std::optional<std::string> parse_country(std::string_view text) {
    const std::string key = header_key(text);
    struct Name {
        std::string_view key;
        std::string_view code;
    };
    static constexpr Name kNames[] = {
        {"cesko", "CZ"},
        {"ceskarepublika", "CZ"},
        {"czechrepublic", "CZ"},
        {"czechia", "CZ"},
        {"cr", "CZ"},
        {"slovensko", "SK"},
        {"slovakia", "SK"},
        {"slovenskarepublika", "SK"},
        {"nemecko", "DE"},
        {"germany", "DE"},
        {"rakousko", "AT"},
        {"austria", "AT"},
        {"polsko", "PL"},
        {"poland", "PL"},
        {"madarsko", "HU"},
        {"hungary", "HU"},
    };
    for (const auto& name : kNames) {
        if (key == name.key) {
            return std::string(name.code);
        }
    }
    const std::string trimmed = util::trim(text);
    if (trimmed.size() == 2 && std::isalpha(static_cast<unsigned char>(trimmed[0])) &&
        std::isalpha(static_cast<unsigned char>(trimmed[1]))) {
        std::string code = trimmed;
        for (char& c : code) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        return code;
    }
    return std::nullopt;
}

// Tags in one cell: "VIP; Gastro" or "VIP, Gastro".
void split_tags(std::string_view text, std::vector<std::string>& tags) {
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = text.find_first_of(",;", start);
        const std::string tag = util::trim(text.substr(start, end == std::string_view::npos ? text.npos : end - start));
        if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end()) {
            tags.push_back(tag);
        }
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
}

class IssueList {
public:
    explicit IssueList(std::vector<RowIssue>& issues) : issues_(issues) {}
    // One issue per field: the first one found is the one to fix first.
    void add(std::string_view field, std::string_view code, std::string message) {
        if (has(field)) {
            return;
        }
        issues_.push_back(RowIssue{std::string(field), std::string(code), std::move(message)});
    }
    bool has(std::string_view field) const {
        return std::any_of(issues_.begin(), issues_.end(), [&](const RowIssue& issue) { return issue.field == field; });
    }

private:
    std::vector<RowIssue>& issues_;
};

// IČO as people's sheets hold it: text with spaces, or a number that lost its leading zeros ("2624061").
void convert_ico(
    const Cell& cell,
    const std::string& text,
    domain::Customer& customer,
    IssueList& errors,
    std::vector<RowIssue>& warnings
) {
    std::string digits = without_spaces(text);
    if (cell.type == CellType::Number) {
        const double value = cell.number;
        if (!(value >= 0 && value < 1e8 && std::floor(value) == value)) {
            errors.add("ico", "ico.format", "IČO must have exactly 8 digits");
            return;
        }
        digits = number_text(value);
    }
    if (!all_digits(digits) || digits.size() > 8) {
        errors.add("ico", "ico.format", "IČO must have exactly 8 digits");
        return;
    }
    if (digits.size() == 8) {
        if (!domain::validate_ico(digits)) {
            errors.add("ico", "ico.check_digit", "IČO check digit does not match");
            return;
        }
        customer.ico = digits;
        return;
    }
    const std::string padded = std::string(8 - digits.size(), '0') + digits;
    if (!domain::validate_ico(padded)) {
        errors.add(
            "ico",
            "ico.check_digit",
            "IČO " + digits + " has fewer than 8 digits and " + padded + " fails the check digit"
        );
        return;
    }
    customer.ico = padded;
    warnings.push_back(RowIssue{
        "ico",
        std::string(kIcoLeadingZerosRestored),
        "IČO " + digits + " was stored as a number: restored to " + padded});
}

void append_line(std::string& target, const std::string& text) {
    if (!target.empty()) {
        target += "\n";
    }
    target += text;
}

}  // namespace

std::vector<std::string> cell_texts(const Row& row) {
    std::vector<std::string> texts;
    texts.reserve(row.cells.size());
    for (const Cell& cell : row.cells) {
        texts.push_back(cell_text(cell));
    }
    return texts;
}

std::string column_key_for_field(const std::string& field) {
    if (field.starts_with("billing_address.") || field.starts_with("delivery_address.")) {
        const std::string part = field.substr(field.find('.') + 1);
        return part;  // street, city, postal_code, country are the column keys too
    }
    if (field.starts_with("contacts[")) {
        const std::size_t dot = field.find("].");
        if (dot == std::string::npos) {
            return "contact_name";
        }
        return "contact_" + field.substr(dot + 2);
    }
    if (field == "contacts") {
        return "contact_name";
    }
    if (field.starts_with("tags")) {
        return "tags";
    }
    return field;
}

RowConverter::RowConverter(domain::ImportMapping mapping, const UserDirectory& users)
    : mapping_(std::move(mapping)),
      users_(users) {
    std::set<CustomerColumn> seen;
    for (const auto& column : mapping_.columns) {
        if (column && domain::column_info(*column).importable && seen.insert(*column).second) {
            mapped_.push_back(*column);
        }
    }
}

bool RowConverter::has_mapped_value(const Row& row) const {
    const std::size_t count = std::min(row.cells.size(), mapping_.columns.size());
    for (std::size_t i = 0; i < count; ++i) {
        const auto& column = mapping_.columns[i];
        if (!column || !domain::column_info(*column).importable) {
            continue;
        }
        const Cell& cell = row.cells[i];
        if (cell.empty()) {
            continue;
        }
        if (cell.type != CellType::Text || !util::trim(cell.text).empty()) {
            return true;
        }
    }
    return false;
}

std::optional<ConvertedRow> RowConverter::convert(const Row& row) const {
    if (!has_mapped_value(row)) {
        return std::nullopt;
    }

    ConvertedRow converted;
    converted.row_number = row.number;
    converted.cells = cell_texts(row);
    IssueList errors(converted.errors);

    domain::Customer customer;
    domain::Contact contact;
    bool has_contact = false;
    std::optional<domain::CustomerKind> kind;
    bool name_mapped = false;
    bool person_parts_mapped = false;

    const std::size_t count = std::min(row.cells.size(), mapping_.columns.size());
    for (const auto& column : mapping_.columns) {
        if (!column) {
            continue;
        }
        name_mapped = name_mapped || *column == CustomerColumn::Name;
        person_parts_mapped =
            person_parts_mapped || *column == CustomerColumn::FirstName || *column == CustomerColumn::LastName;
    }
    const auto first_value = [](std::string& target, const std::string& text) {
        if (target.empty()) {
            target = text;
        }
    };

    for (std::size_t i = 0; i < count; ++i) {
        const auto& column = mapping_.columns[i];
        if (!column) {
            continue;
        }
        const Cell& cell = row.cells[i];
        if (cell.empty()) {
            continue;
        }
        const std::string text = util::trim(cell_text(cell));
        if (text.empty()) {
            continue;
        }
        switch (*column) {
            case CustomerColumn::Name:
                first_value(customer.name, text);
                break;
            case CustomerColumn::FirstName:
                first_value(customer.first_name, text);
                break;
            case CustomerColumn::LastName:
                first_value(customer.last_name, text);
                break;
            case CustomerColumn::Kind:
                if (auto parsed = parse_kind(text)) {
                    kind = parsed;
                } else {
                    errors.add("kind", kKindUnknown, "unknown customer type \"" + text + "\" (firma/osoba, PO/FO)");
                }
                break;
            case CustomerColumn::Ico:
                if (customer.ico.empty() && !errors.has("ico")) {
                    convert_ico(cell, text, customer, errors, converted.warnings);
                }
                break;
            case CustomerColumn::Dic:
                first_value(customer.dic, text);
                break;
            case CustomerColumn::Email:
                first_value(customer.email, text);
                break;
            case CustomerColumn::Phone:
                first_value(customer.phone, restore_phone_plus(text));
                break;
            case CustomerColumn::Web:
                first_value(customer.web, text);
                break;
            case CustomerColumn::Street:
                first_value(customer.billing_address.street, text);
                break;
            case CustomerColumn::City:
                first_value(customer.billing_address.city, text);
                break;
            case CustomerColumn::PostalCode:
                first_value(customer.billing_address.postal_code, text);
                break;
            case CustomerColumn::Country:
                if (auto code = parse_country(text)) {
                    customer.billing_address.country = *code;
                } else {
                    errors.add("country", kCountryUnknown, "unknown country \"" + text + "\" (use a code such as CZ)");
                }
                break;
            case CustomerColumn::Status:
                if (auto status = parse_status(text)) {
                    customer.status = *status;
                } else {
                    errors.add(
                        "status", kStatusUnknown, "unknown status \"" + text + "\" (aktivní, potenciální, neaktivní)"
                    );
                }
                break;
            case CustomerColumn::Owner: {
                const auto user = users_.find(util::fold_for_search(text));
                if (user != users_.end()) {
                    customer.owner_id = user->second;
                } else {
                    errors.add("owner", kOwnerUnknown, "no user \"" + text + "\"");
                }
                break;
            }
            case CustomerColumn::Tags:
                split_tags(text, customer.tags);
                break;
            case CustomerColumn::Note:
                append_line(customer.note, text);
                break;
            case CustomerColumn::ContactName:
                first_value(contact.name, text);
                has_contact = true;
                break;
            case CustomerColumn::ContactRole:
                first_value(contact.role, text);
                has_contact = true;
                break;
            case CustomerColumn::ContactEmail:
                first_value(contact.email, text);
                has_contact = true;
                break;
            case CustomerColumn::ContactPhone:
                first_value(contact.phone, restore_phone_plus(text));
                has_contact = true;
                break;
            case CustomerColumn::Id:
            case CustomerColumn::Created:
            case CustomerColumn::Updated:
                break;  // the store sets these; an export's columns re-import without them
        }
    }

    // Company unless the sheet says person, or only a person's name parts are mapped.
    customer.kind = kind.value_or(
        person_parts_mapped && !name_mapped ? domain::CustomerKind::Person : domain::CustomerKind::Company
    );
    const bool split_name = customer.kind == domain::CustomerKind::Person && customer.first_name.empty() &&
                            customer.last_name.empty() && !customer.name.empty();
    if (split_name) {
        // "Jan Novák" in a name column of a person row: the last word is the surname.
        const std::size_t space = customer.name.find_last_of(' ');
        if (space != std::string::npos) {
            customer.first_name = util::trim(customer.name.substr(0, space));
            customer.last_name = util::trim(customer.name.substr(space + 1));
        } else {
            customer.last_name = customer.name;
        }
    }
    if (has_contact) {
        customer.contacts.push_back(std::move(contact));
    }

    auto validated = domain::validate_customer(customer);
    if (validated) {
        customer = std::move(*validated);
    } else {
        for (const auto& [field, message] : validated.error().field_errors) {
            std::string key = column_key_for_field(field);
            if ((key == "first_name" || key == "last_name") && split_name) {
                key = "name";  // the name the person's parts were taken from
            }
            const auto code = validated.error().field_codes.find(field);
            errors.add(
                key,
                code == validated.error().field_codes.end() ? std::string(kGenericFieldErrorCode) : code->second,
                message
            );
        }
    }
    if (row.hidden) {
        converted.warnings.push_back(RowIssue{"", std::string(kRowHidden), "the row is hidden in the sheet"});
    }
    converted.customer = std::move(customer);
    return converted;
}

}  // namespace kartoteka::importer
