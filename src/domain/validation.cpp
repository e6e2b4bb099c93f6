#include "domain/validation.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "util/text.hpp"

namespace kartoteka::domain {
namespace {

constexpr std::size_t kMaxNameLength = 200;
constexpr std::size_t kMaxPersonNamePartLength = 100;
constexpr std::size_t kMaxShortTextLength = 100;
constexpr std::size_t kMaxStreetLength = 200;
constexpr std::size_t kMaxForeignPostalCodeLength = 20;
constexpr std::size_t kMaxEmailLength = 254;
constexpr std::size_t kMaxEmailLocalPartLength = 64;
constexpr std::size_t kMaxWebLength = 500;
constexpr std::size_t kMaxNoteLength = 10000;
constexpr std::size_t kMaxTagLength = 50;
constexpr std::size_t kMaxTagCount = 50;
constexpr std::size_t kMaxContactCount = 100;
constexpr std::size_t kMaxContactNoteLength = 2000;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_ascii_alnum(char c) {
    return is_digit(c) || is_upper(c) || is_lower(c);
}
bool is_non_ascii(char c) {
    return static_cast<unsigned char>(c) >= 0x80;
}

char to_upper(char c) {
    return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c;
}

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), is_digit);
}

// Lengths are limits for people, so they count characters (code points), not bytes.
std::size_t character_count(std::string_view utf8) {
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::string strip_chars(std::string_view text, std::string_view removed) {
    std::string kept;
    kept.reserve(text.size());
    for (const char c : text) {
        if (removed.find(c) == std::string_view::npos) {
            kept.push_back(c);
        }
    }
    return kept;
}

// A refused value: a stable code that clients translate, and an English message for people reading the API.
struct Refusal {
    std::string_view code;
    std::string message;
};
using Checked = tl::expected<std::string, Refusal>;

tl::unexpected<Refusal> refuse(std::string_view code, std::string message) {
    return tl::unexpected<Refusal>(Refusal{code, std::move(message)});
}

// The public validators have no field to attach a code to, so they report the message alone.
Result<std::string> as_result(Checked checked) {
    if (!checked) {
        return fail(Error::invalid(std::move(checked.error().message)));
    }
    return std::move(*checked);
}

// The mod-11 check digit of the first seven IČO digits; 11 - r wraps to 0 and 1 for r = 1 and r = 0.
int ico_check_digit(std::string_view first_seven) {
    int sum = 0;
    for (std::size_t i = 0; i < 7; ++i) {
        sum += (first_seven[i] - '0') * static_cast<int>(8 - i);
    }
    const int remainder = sum % 11;
    if (remainder == 0) {
        return 1;
    }
    if (remainder == 1) {
        return 0;
    }
    return 11 - remainder;
}

// A VAT number pattern: '9' a digit, 'A' a letter, 'X' a letter or digit, anything else itself.
bool matches_pattern(std::string_view text, std::string_view pattern) {
    if (text.size() != pattern.size()) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        switch (pattern[i]) {
            case '9':
                if (!is_digit(c)) {
                    return false;
                }
                break;
            case 'A':
                if (!is_upper(c)) {
                    return false;
                }
                break;
            case 'X':
                if (!is_digit(c) && !is_upper(c)) {
                    return false;
                }
                break;
            default:
                if (c != pattern[i]) {
                    return false;
                }
        }
    }
    return true;
}

struct VatFormat {
    std::string_view prefix;
    std::vector<std::string> patterns;
};

std::string digits(std::size_t count) {
    return std::string(count, '9');
}

std::vector<std::string> digit_range(std::size_t min_count, std::size_t max_count) {
    std::vector<std::string> patterns;
    for (std::size_t count = min_count; count <= max_count; ++count) {
        patterns.push_back(digits(count));
    }
    return patterns;
}

// VAT identification number formats of the 27 EU member states, simplified to their shapes
// (checksums other than the Czech IČO one are not verified).
const std::vector<VatFormat>& eu_vat_formats() {
    static const std::vector<VatFormat> formats{
        {"AT", {"U" + digits(8)}},
        {"BE", {"0" + digits(9), "1" + digits(9)}},
        {"BG", digit_range(9, 10)},
        {"CY", {digits(8) + "A"}},
        {"CZ", digit_range(8, 10)},
        {"DE", {digits(9)}},
        {"DK", {digits(8)}},
        {"EE", {digits(9)}},
        {"EL", {digits(9)}},
        {"ES", {"X" + digits(7) + "X"}},
        {"FI", {digits(8)}},
        {"FR", {"XX" + digits(9)}},
        {"HR", {digits(11)}},
        {"HU", {digits(8)}},
        {"IE", {"9X99999A", "9999999A", "9999999AA"}},
        {"IT", {digits(11)}},
        {"LT", {digits(9), digits(12)}},
        {"LU", {digits(8)}},
        {"LV", {digits(11)}},
        {"MT", {digits(8)}},
        {"NL", {digits(9) + "B99"}},
        {"PL", {digits(10)}},
        {"PT", {digits(9)}},
        {"RO", digit_range(2, 10)},
        {"SE", {digits(10) + "01"}},
        {"SI", {digits(8)}},
        {"SK", {digits(10)}},
    };
    return formats;
}

// The field validators behind the public ones below; they also name the reason for a refusal.
Checked check_ico(std::string_view text);
Checked check_dic(std::string_view text);
Checked check_email(std::string_view text);
Checked check_phone(std::string_view text);
Checked check_czech_postal_code(std::string_view text);
Checked check_web(std::string_view text);

// Collects every field problem of one record so the form can show them all at once.
class FieldChecker {
public:
    void add(const std::string& field, std::string_view code, std::string message) {
        if (errors_.emplace(field, std::move(message)).second) {
            codes_.emplace(field, code);
        }
    }

    // Trims in place and enforces a length limit; `required` refuses an empty value.
    void text(const std::string& field, std::string& value, std::size_t max_length, bool required = false) {
        if (!util::is_valid_utf8(value)) {
            add(field, "invalid_utf8", "must be valid UTF-8 text");
            return;
        }
        value = util::trim(value);
        if (required && value.empty()) {
            add(field, "required", "is required");
        } else if (character_count(value) > max_length) {
            add(field, "too_long", "must be at most " + std::to_string(max_length) + " characters");
        }
    }

    // Trims, then replaces a non-empty value with the validator's canonical form.
    void optional_value(const std::string& field, std::string& value, Checked (*validator)(std::string_view)) {
        if (!util::is_valid_utf8(value)) {
            add(field, "invalid_utf8", "must be valid UTF-8 text");
            return;
        }
        value = util::trim(value);
        if (value.empty()) {
            return;
        }
        auto validated = validator(value);
        if (validated) {
            value = std::move(*validated);
        } else {
            add(field, validated.error().code, std::move(validated.error().message));
        }
    }

    void address(const std::string& prefix, Address& address) {
        text(prefix + ".street", address.street, kMaxStreetLength);
        text(prefix + ".city", address.city, kMaxShortTextLength);
        address.country = util::trim(address.country);
        const bool country_ok =
            address.country.size() == 2 && is_upper(address.country[0]) && is_upper(address.country[1]);
        if (!country_ok) {
            add(prefix + ".country", "country.format", "must be an ISO 3166-1 alpha-2 code in capitals, e.g. CZ");
        }
        if (address.country == "CZ") {
            optional_value(prefix + ".postal_code", address.postal_code, check_czech_postal_code);
        } else {
            text(prefix + ".postal_code", address.postal_code, kMaxForeignPostalCodeLength);
        }
    }

    void tags(std::vector<std::string>& tags) {
        std::vector<std::string> unique;
        std::unordered_set<std::string> seen;
        for (std::size_t i = 0; i < tags.size(); ++i) {
            const std::string field = "tags[" + std::to_string(i) + "]";
            if (!util::is_valid_utf8(tags[i])) {
                add(field, "invalid_utf8", "must be valid UTF-8 text");
                continue;
            }
            std::string tag = util::trim(tags[i]);
            const std::size_t length = character_count(tag);
            if (length == 0 || length > kMaxTagLength) {
                add(field, "tag.length", "must have 1 to " + std::to_string(kMaxTagLength) + " characters");
                continue;
            }
            if (seen.insert(tag).second) {
                unique.push_back(std::move(tag));
            }
        }
        if (unique.size() > kMaxTagCount) {
            add("tags", "tags.too_many", "at most " + std::to_string(kMaxTagCount) + " tags");
        }
        tags = std::move(unique);
    }

    void contacts(std::vector<Contact>& contacts) {
        if (contacts.size() > kMaxContactCount) {
            add("contacts", "contacts.too_many", "at most " + std::to_string(kMaxContactCount) + " contact persons");
        }
        for (std::size_t i = 0; i < contacts.size(); ++i) {
            const std::string prefix = "contacts[" + std::to_string(i) + "].";
            Contact& contact = contacts[i];
            text(prefix + "name", contact.name, kMaxNameLength, true);
            text(prefix + "role", contact.role, kMaxShortTextLength);
            optional_value(prefix + "email", contact.email, check_email);
            optional_value(prefix + "phone", contact.phone, check_phone);
            text(prefix + "note", contact.note, kMaxContactNoteLength);
        }
    }

    bool empty() const { return errors_.empty(); }
    std::size_t size() const { return errors_.size(); }
    FieldErrors take_errors() { return std::move(errors_); }
    FieldErrors take_codes() { return std::move(codes_); }

private:
    FieldErrors errors_;
    FieldErrors codes_;
};

// One DNS label: letters, digits and inner hyphens. Non-ASCII bytes pass so that
// internationalised names (e.g. "kovárna.cz") are accepted as typed.
bool is_host_label(std::string_view label) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
        return false;
    }
    return std::all_of(label.begin(), label.end(), [](char c) {
        return is_ascii_alnum(c) || c == '-' || is_non_ascii(c);
    });
}

// A host name with at least two labels whose last one (the TLD) is letters only.
bool is_host_name(std::string_view host) {
    if (host.empty() || host.size() > 253) {
        return false;
    }
    std::size_t label_count = 0;
    std::string_view last_label;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = host.find('.', start);
        const std::string_view label = host.substr(start, dot == std::string_view::npos ? host.npos : dot - start);
        if (!is_host_label(label)) {
            return false;
        }
        ++label_count;
        last_label = label;
        if (dot == std::string_view::npos) {
            break;
        }
        start = dot + 1;
    }
    const bool tld_is_letters = last_label.size() >= 2 && std::all_of(last_label.begin(), last_label.end(), [](char c) {
                                    return is_upper(c) || is_lower(c) || is_non_ascii(c);
                                });
    return label_count >= 2 && tld_is_letters;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (to_upper(text[i]) != to_upper(prefix[i])) {
            return false;
        }
    }
    return true;
}

}  // namespace

namespace {

Checked check_ico(std::string_view text) {
    const std::string ico = util::trim(text);
    if (ico.size() != 8 || !all_digits(ico)) {
        return refuse("ico.format", "IČO must have exactly 8 digits");
    }
    if (ico_check_digit(ico) != ico[7] - '0') {
        return refuse("ico.check_digit", "IČO check digit does not match");
    }
    return ico;
}

Checked check_dic(std::string_view text) {
    // People write DIČ with spaces ("CZ 255 96 641") and in lower case; neither changes its meaning.
    std::string dic = strip_chars(util::trim(text), " ");
    std::transform(dic.begin(), dic.end(), dic.begin(), to_upper);
    if (dic.size() < 3 || !is_upper(dic[0]) || !is_upper(dic[1])) {
        return refuse("dic.format", "DIČ must start with a two-letter country prefix, e.g. CZ12345678");
    }
    const std::string_view prefix = std::string_view(dic).substr(0, 2);
    const std::string_view number = std::string_view(dic).substr(2);
    const auto& formats = eu_vat_formats();
    const auto format = std::find_if(formats.begin(), formats.end(), [&](const VatFormat& candidate) {
        return candidate.prefix == prefix;
    });
    if (format == formats.end()) {
        return refuse("dic.country", "DIČ prefix " + std::string(prefix) + " is not an EU member state's VAT prefix");
    }
    const bool shape_ok =
        std::any_of(format->patterns.begin(), format->patterns.end(), [&](const std::string& pattern) {
            return matches_pattern(number, pattern);
        });
    if (!shape_ok) {
        if (prefix == "CZ") {
            return refuse("dic.format", "DIČ must be CZ followed by 8 to 10 digits");
        }
        return refuse("dic.format", "DIČ does not match the VAT number format of " + std::string(prefix));
    }
    // A Czech legal entity's DIČ is CZ + its IČO, so the IČO check digit applies.
    if (prefix == "CZ" && number.size() == 8 && ico_check_digit(number) != number[7] - '0') {
        return refuse("dic.check_digit", "DIČ: the IČO part has a wrong check digit");
    }
    return dic;
}

Checked check_email(std::string_view text) {
    std::string email = util::trim(text);
    if (email.size() > kMaxEmailLength) {
        return refuse("too_long", "e-mail must be at most 254 characters");
    }
    const std::size_t at = email.find('@');
    if (at == std::string::npos || email.find('@', at + 1) != std::string::npos) {
        return refuse("email.format", "e-mail must contain exactly one @");
    }
    const std::string_view local = std::string_view(email).substr(0, at);
    const std::string_view domain = std::string_view(email).substr(at + 1);
    if (local.empty() || local.size() > kMaxEmailLocalPartLength) {
        return refuse("email.format", "e-mail needs 1 to 64 characters before the @");
    }
    const bool local_ok = std::all_of(local.begin(), local.end(), [](char c) {
        return static_cast<unsigned char>(c) > 0x20 && c != 0x7F && c != '(' && c != ')' && c != ',' && c != ':' &&
               c != ';' && c != '<' && c != '>' && c != '[' && c != ']' && c != '\\' && c != '"';
    });
    if (!local_ok || local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
        return refuse("email.format", "e-mail has characters that are not allowed before the @");
    }
    if (!is_host_name(domain)) {
        return refuse("email.format", "e-mail domain must be a host name like firma.cz");
    }
    return email;
}

Checked check_phone(std::string_view text) {
    std::string compact = strip_chars(util::trim(text), " -.()/\t");
    if (compact.starts_with("00")) {
        compact = "+" + compact.substr(2);
    }
    if (compact.starts_with('+')) {
        const std::string_view number = std::string_view(compact).substr(1);
        if (!all_digits(number)) {
            return refuse("phone.format", "phone may contain only digits after +");
        }
        if (number.front() == '0') {
            return refuse("phone.format", "phone country code cannot start with 0");
        }
        if (number.starts_with("420") && number.size() != 12) {
            return refuse("phone.format", "a Czech phone number (+420) has 9 digits after the prefix");
        }
        if (number.size() < 8 || number.size() > 15) {
            return refuse("phone.format", "an international phone number has 8 to 15 digits");
        }
        return compact;
    }
    if (!all_digits(compact)) {
        return refuse("phone.format", "phone may contain only digits, spaces and a leading +");
    }
    if (compact.size() != 9) {
        return refuse("phone.format", "a Czech phone number has 9 digits (or write it with a + prefix)");
    }
    return "+420" + compact;
}

Checked check_czech_postal_code(std::string_view text) {
    const std::string code = util::trim(text);
    std::string digits_only;
    if (code.size() == 5 && all_digits(code)) {
        digits_only = code;
    } else if (code.size() == 6 && code[3] == ' ' && all_digits(code.substr(0, 3)) && all_digits(code.substr(4))) {
        digits_only = code.substr(0, 3) + code.substr(4);
    } else {
        return refuse("postal_code.format", "PSČ must be 5 digits, e.g. 110 00");
    }
    if (digits_only[0] < '1' || digits_only[0] > '7') {
        return refuse("postal_code.first_digit", "PSČ must start with a digit from 1 to 7");
    }
    return digits_only.substr(0, 3) + " " + digits_only.substr(3);
}

Checked check_web(std::string_view text) {
    const std::string web = util::trim(text);
    if (web.size() > kMaxWebLength) {
        return refuse("too_long", "web address must be at most 500 characters");
    }
    std::string_view rest = web;
    if (starts_with_ignoring_case(rest, "https://")) {
        rest.remove_prefix(8);
    } else if (starts_with_ignoring_case(rest, "http://")) {
        rest.remove_prefix(7);
    } else if (rest.find("://") != std::string_view::npos) {
        return refuse("web.format", "web address may only use http:// or https://");
    }
    const std::size_t host_end = rest.find_first_of(":/?#");
    const std::string_view host = rest.substr(0, host_end);
    if (!is_host_name(host)) {
        return refuse("web.format", "web address needs a host name like www.firma.cz");
    }
    const std::string_view tail = host_end == std::string_view::npos ? std::string_view{} : rest.substr(host_end);
    if (tail.starts_with(':')) {
        const std::size_t port_end = tail.find_first_of("/?#");
        const std::string_view port = tail.substr(1, port_end == std::string_view::npos ? tail.npos : port_end - 1);
        if (!all_digits(port) || port.size() > 5) {
            return refuse("web.format", "web address has an invalid port");
        }
    }
    const bool tail_ok =
        std::all_of(tail.begin(), tail.end(), [](char c) { return static_cast<unsigned char>(c) > 0x20 && c != 0x7F; });
    if (!tail_ok) {
        return refuse("web.format", "web address cannot contain spaces");
    }
    return web;
}

}  // namespace

Result<std::string> validate_ico(std::string_view text) {
    return as_result(check_ico(text));
}

Result<std::string> validate_dic(std::string_view text) {
    return as_result(check_dic(text));
}

Result<std::string> validate_email(std::string_view text) {
    return as_result(check_email(text));
}

Result<std::string> normalize_phone(std::string_view text) {
    return as_result(check_phone(text));
}

Result<std::string> validate_czech_postal_code(std::string_view text) {
    return as_result(check_czech_postal_code(text));
}

Result<std::string> validate_web(std::string_view text) {
    return as_result(check_web(text));
}

Result<Customer> validate_customer(Customer customer) {
    FieldChecker check;

    if (customer.kind == CustomerKind::Person) {
        check.text("first_name", customer.first_name, kMaxPersonNamePartLength, true);
        check.text("last_name", customer.last_name, kMaxPersonNamePartLength, true);
        // The name of a person is always derived, so it cannot drift from its parts.
        if (!customer.first_name.empty() && !customer.last_name.empty()) {
            customer.name = customer.first_name + " " + customer.last_name;
        }
    } else {
        check.text("name", customer.name, kMaxNameLength, true);
        check.text("first_name", customer.first_name, kMaxPersonNamePartLength);
        check.text("last_name", customer.last_name, kMaxPersonNamePartLength);
    }

    check.optional_value("ico", customer.ico, check_ico);
    check.optional_value("dic", customer.dic, check_dic);
    check.optional_value("email", customer.email, check_email);
    check.optional_value("phone", customer.phone, check_phone);
    check.optional_value("web", customer.web, check_web);
    check.address("billing_address", customer.billing_address);
    if (customer.delivery_address) {
        check.address("delivery_address", *customer.delivery_address);
    }
    check.tags(customer.tags);
    check.text("note", customer.note, kMaxNoteLength);
    check.contacts(customer.contacts);

    if (!check.empty()) {
        const std::size_t count = check.size();
        return fail(Error::invalid(
            count == 1 ? "1 field is invalid" : std::to_string(count) + " fields are invalid",
            check.take_errors(),
            check.take_codes()
        ));
    }
    return customer;
}

Customer apply_patch(Customer customer, const CustomerPatch& patch) {
    const auto replace = [](auto& target, const auto& source) {
        if (source) {
            target = *source;
        }
    };
    replace(customer.kind, patch.kind);
    replace(customer.name, patch.name);
    replace(customer.first_name, patch.first_name);
    replace(customer.last_name, patch.last_name);
    replace(customer.ico, patch.ico);
    replace(customer.dic, patch.dic);
    replace(customer.email, patch.email);
    replace(customer.phone, patch.phone);
    replace(customer.web, patch.web);
    replace(customer.billing_address, patch.billing_address);
    replace(customer.delivery_address, patch.delivery_address);
    replace(customer.status, patch.status);
    replace(customer.owner_id, patch.owner_id);
    replace(customer.tags, patch.tags);
    replace(customer.note, patch.note);
    replace(customer.contacts, patch.contacts);
    return customer;
}

}  // namespace kartoteka::domain
