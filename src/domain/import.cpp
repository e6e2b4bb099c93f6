#include "domain/import.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "util/text.hpp"

namespace kartoteka::domain {
namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::pair<Enum, const char*>, N>& names, std::string_view text) {
    for (const auto& [value, name] : names) {
        if (text == name) {
            return value;
        }
    }
    return std::nullopt;
}

template <typename Enum, std::size_t N>
const char* name_of(const std::array<std::pair<Enum, const char*>, N>& names, Enum value) {
    for (const auto& [candidate, name] : names) {
        if (candidate == value) {
            return name;
        }
    }
    return "";
}

constexpr std::array kModeNames{
    std::pair{ImportMode::Create, "create"},
    std::pair{ImportMode::Upsert, "upsert"},
    std::pair{ImportMode::Skip, "skip"},
};
constexpr std::array kPolicyNames{
    std::pair{FieldPolicy::FillEmpty, "fill_empty"},
    std::pair{FieldPolicy::Overwrite, "overwrite"},
    std::pair{FieldPolicy::Keep, "keep"},
};
constexpr std::array kAtomicityNames{
    std::pair{ImportAtomicity::AllOrNothing, "all_or_nothing"},
    std::pair{ImportAtomicity::ValidRows, "valid_rows"},
};
constexpr std::array kActionNames{
    std::pair{DuplicateAction::Create, "create"},
    std::pair{DuplicateAction::Update, "update"},
    std::pair{DuplicateAction::Skip, "skip"},
};
constexpr std::array kRuleNames{
    std::pair{MatchRule::Ico, "ico"},
    std::pair{MatchRule::Email, "email"},
    std::pair{MatchRule::NameCity, "name_city"},
};
constexpr std::array kStatusNames{
    std::pair{ImportStatus::Draft, "draft"},
    std::pair{ImportStatus::Running, "running"},
    std::pair{ImportStatus::Succeeded, "succeeded"},
    std::pair{ImportStatus::Failed, "failed"},
    std::pair{ImportStatus::Cancelled, "cancelled"},
    std::pair{ImportStatus::Interrupted, "interrupted"},
    std::pair{ImportStatus::Reverted, "reverted"},
};

// Legal forms as token sequences after folding and dropping punctuation ("s.r.o." → s r o). Written out as
// people abbreviate them, so "spol. s r.o.", "spol. s r. o." and "sro" all go.
const std::vector<std::vector<std::string>>& legal_forms() {
    static const std::vector<std::vector<std::string>> forms{
        {"spol", "s", "r", "o"},
        {"spol", "s", "ro"},
        {"spol", "sro"},
        {"s", "r", "o"},
        {"sro"},
        {"a", "s"},
        {"as"},
        {"v", "o", "s"},
        {"vos"},
        {"k", "s"},
        {"ks"},
        {"z", "s"},
        {"o", "p", "s"},
        {"ops"},
        {"s", "p"},
        {"z", "u"},
        {"se"},
        {"ltd"},
        {"limited"},
        {"gmbh"},
        {"inc"},
        {"corp"},
        {"llc"},
        {"ag"},
        {"kg"},
        {"plc"},
        {"co"},
        {"spol"},
    };
    return forms;
}

bool ends_with_form(const std::vector<std::string>& tokens, const std::vector<std::string>& form) {
    if (tokens.size() <= form.size()) {
        return false;  // never strip the whole name: "AS" alone stays a name
    }
    return std::equal(form.begin(), form.end(), tokens.end() - static_cast<std::ptrdiff_t>(form.size()));
}

bool is_blank(const std::string& text) {
    return text.empty();
}

}  // namespace

const char* to_string(ImportMode value) {
    return name_of(kModeNames, value);
}
const char* to_string(FieldPolicy value) {
    return name_of(kPolicyNames, value);
}
const char* to_string(ImportAtomicity value) {
    return name_of(kAtomicityNames, value);
}
const char* to_string(DuplicateAction value) {
    return name_of(kActionNames, value);
}
const char* to_string(MatchRule value) {
    return name_of(kRuleNames, value);
}
const char* to_string(ImportStatus value) {
    return name_of(kStatusNames, value);
}
std::optional<ImportMode> parse_import_mode(std::string_view text) {
    return parse_name(kModeNames, text);
}
std::optional<FieldPolicy> parse_field_policy(std::string_view text) {
    return parse_name(kPolicyNames, text);
}
std::optional<ImportAtomicity> parse_import_atomicity(std::string_view text) {
    return parse_name(kAtomicityNames, text);
}
std::optional<DuplicateAction> parse_duplicate_action(std::string_view text) {
    return parse_name(kActionNames, text);
}
std::optional<ImportStatus> parse_import_status(std::string_view text) {
    return parse_name(kStatusNames, text);
}

std::string normalized_name_key(std::string_view name) {
    const std::string folded = util::fold_for_search(name);
    // Letters and digits (any script, as UTF-8 bytes >= 0x80 pass) make tokens; everything else separates them.
    std::vector<std::string> tokens;
    std::string current;
    for (const char c : folded) {
        const auto byte = static_cast<unsigned char>(c);
        const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || byte >= 0x80;
        if (word) {
            current.push_back(c);
        } else if (!current.empty()) {
            tokens.push_back(std::move(current));
            current.clear();
        }
    }
    if (!current.empty()) {
        tokens.push_back(std::move(current));
    }

    // "Novák a syn, s.r.o., v likvidaci" is rare enough; legal forms are stripped from the end only, repeatedly
    // ("Firma s.r.o. Ltd").
    bool stripped = true;
    while (stripped) {
        stripped = false;
        for (const auto& form : legal_forms()) {
            if (ends_with_form(tokens, form)) {
                tokens.resize(tokens.size() - form.size());
                stripped = true;
                break;
            }
        }
    }
    std::string key;
    for (const auto& token : tokens) {
        if (!key.empty()) {
            key.push_back(' ');
        }
        key += token;
    }
    return key;
}

MatchKeys match_keys(const Customer& customer) {
    MatchKeys keys;
    keys.ico = util::trim(customer.ico);
    // SQLite's lower() folds ASCII only; the store indexes lower(email), so the engine folds the same way.
    std::string email = util::trim(customer.email);
    std::transform(email.begin(), email.end(), email.begin(), [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    });
    keys.email = std::move(email);
    keys.name = normalized_name_key(customer.name);
    keys.city = util::fold_for_search(util::trim(customer.billing_address.city));
    return keys;
}

Customer merge_for_import(
    const Customer& stored,
    const Customer& incoming,
    const std::vector<CustomerColumn>& mapped_columns,
    FieldPolicy policy
) {
    Customer merged = stored;
    if (policy == FieldPolicy::Keep) {
        return merged;
    }
    const bool overwrite = policy == FieldPolicy::Overwrite;
    const auto text = [&](std::string& target, const std::string& value) {
        if (is_blank(value)) {
            return;
        }
        if (overwrite || is_blank(target)) {
            target = value;
        }
    };
    bool contact_mapped = false;
    for (const CustomerColumn column : mapped_columns) {
        switch (column) {
            case CustomerColumn::Name:
                text(merged.name, incoming.name);
                break;
            case CustomerColumn::FirstName:
                text(merged.first_name, incoming.first_name);
                break;
            case CustomerColumn::LastName:
                text(merged.last_name, incoming.last_name);
                break;
            case CustomerColumn::Ico:
                text(merged.ico, incoming.ico);
                break;
            case CustomerColumn::Dic:
                text(merged.dic, incoming.dic);
                break;
            case CustomerColumn::Email:
                text(merged.email, incoming.email);
                break;
            case CustomerColumn::Phone:
                text(merged.phone, incoming.phone);
                break;
            case CustomerColumn::Web:
                text(merged.web, incoming.web);
                break;
            case CustomerColumn::Street:
                text(merged.billing_address.street, incoming.billing_address.street);
                break;
            case CustomerColumn::City:
                text(merged.billing_address.city, incoming.billing_address.city);
                break;
            case CustomerColumn::PostalCode:
                text(merged.billing_address.postal_code, incoming.billing_address.postal_code);
                break;
            case CustomerColumn::Country:
                // Every record has a country (CZ by default), so only overwrite changes it.
                if (overwrite) {
                    merged.billing_address.country = incoming.billing_address.country;
                }
                break;
            case CustomerColumn::Kind:
                if (overwrite) {
                    merged.kind = incoming.kind;
                }
                break;
            case CustomerColumn::Status:
                if (overwrite) {
                    merged.status = incoming.status;
                }
                break;
            case CustomerColumn::Owner:
                if (incoming.owner_id && (overwrite || !merged.owner_id)) {
                    merged.owner_id = incoming.owner_id;
                }
                break;
            case CustomerColumn::Note:
                text(merged.note, incoming.note);
                break;
            case CustomerColumn::Tags:
                for (const auto& tag : incoming.tags) {
                    if (std::find(merged.tags.begin(), merged.tags.end(), tag) == merged.tags.end()) {
                        merged.tags.push_back(tag);
                    }
                }
                break;
            case CustomerColumn::ContactName:
            case CustomerColumn::ContactRole:
            case CustomerColumn::ContactEmail:
            case CustomerColumn::ContactPhone:
                contact_mapped = true;
                break;
            case CustomerColumn::Id:
            case CustomerColumn::Created:
            case CustomerColumn::Updated:
                break;  // set by the store, never imported
        }
    }
    if (contact_mapped) {
        for (const Contact& contact : incoming.contacts) {
            const std::string folded_name = util::fold_for_search(contact.name);
            const bool known =
                std::any_of(merged.contacts.begin(), merged.contacts.end(), [&](const Contact& existing) {
                    const bool same_name = !contact.name.empty() && util::fold_for_search(existing.name) == folded_name;
                    const bool same_email = !contact.email.empty() && util::fold_for_search(existing.email) ==
                                                                          util::fold_for_search(contact.email);
                    return same_name || same_email;
                });
            if (!known) {
                Contact added = contact;
                added.id = 0;
                merged.contacts.push_back(std::move(added));
            }
        }
    }
    if (merged.kind == CustomerKind::Person && !merged.first_name.empty() && !merged.last_name.empty()) {
        merged.name = merged.first_name + " " + merged.last_name;  // a person's name is derived from its parts
    }
    return merged;
}

}  // namespace kartoteka::domain
