#include "importer/column_mapping.hpp"

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "importer/import_engine.hpp"
#include "util/text.hpp"

namespace kartoteka::importer {
namespace {

using domain::CustomerColumn;

struct Alias {
    CustomerColumn column;
    std::string_view text;
};

// The header names people give these columns, Czech first. Export labels (customer_columns) are added on top.
constexpr Alias kAliases[] = {
    {CustomerColumn::Name, "název"},
    {CustomerColumn::Name, "název firmy"},
    {CustomerColumn::Name, "firma"},
    {CustomerColumn::Name, "společnost"},
    {CustomerColumn::Name, "obchodní jméno"},
    {CustomerColumn::Name, "obchodní firma"},
    {CustomerColumn::Name, "zákazník"},
    {CustomerColumn::Name, "odběratel"},
    {CustomerColumn::Name, "název / jméno"},
    {CustomerColumn::Name, "jméno / název"},
    {CustomerColumn::Name, "název subjektu"},
    {CustomerColumn::Name, "name"},
    {CustomerColumn::Name, "company"},
    {CustomerColumn::Name, "company name"},
    {CustomerColumn::Name, "customer"},
    {CustomerColumn::Name, "customer name"},
    {CustomerColumn::Ico, "ič"},
    {CustomerColumn::Ico, "ičo"},
    {CustomerColumn::Ico, "ic"},
    {CustomerColumn::Ico, "ico"},
    {CustomerColumn::Ico, "company id"},
    {CustomerColumn::Ico, "reg. no."},
    {CustomerColumn::Ico, "registration number"},
    {CustomerColumn::Ico, "id number"},
    {CustomerColumn::Dic, "dič"},
    {CustomerColumn::Dic, "dic"},
    {CustomerColumn::Dic, "vat"},
    {CustomerColumn::Dic, "vat id"},
    {CustomerColumn::Dic, "vat number"},
    {CustomerColumn::Email, "e-mail"},
    {CustomerColumn::Email, "email"},
    {CustomerColumn::Email, "mail"},
    {CustomerColumn::Phone, "telefon"},
    {CustomerColumn::Phone, "tel"},
    {CustomerColumn::Phone, "tel."},
    {CustomerColumn::Phone, "phone"},
    {CustomerColumn::Phone, "mobil"},
    {CustomerColumn::Phone, "mobile"},
    {CustomerColumn::Phone, "telephone"},
    {CustomerColumn::Web, "web"},
    {CustomerColumn::Web, "www"},
    {CustomerColumn::Web, "website"},
    {CustomerColumn::Web, "url"},
    {CustomerColumn::Street, "ulice"},
    {CustomerColumn::Street, "adresa"},
    {CustomerColumn::Street, "street"},
    {CustomerColumn::Street, "address"},
    {CustomerColumn::City, "město"},
    {CustomerColumn::City, "obec"},
    {CustomerColumn::City, "city"},
    {CustomerColumn::City, "town"},
    {CustomerColumn::PostalCode, "psč"},
    {CustomerColumn::PostalCode, "psc"},
    {CustomerColumn::PostalCode, "zip"},
    {CustomerColumn::PostalCode, "postal code"},
    {CustomerColumn::PostalCode, "postcode"},
    {CustomerColumn::Country, "země"},
    {CustomerColumn::Country, "stát"},
    {CustomerColumn::Country, "country"},
    {CustomerColumn::Status, "stav"},
    {CustomerColumn::Status, "status"},
    {CustomerColumn::Owner, "vlastník"},
    {CustomerColumn::Owner, "obchodník"},
    {CustomerColumn::Owner, "owner"},
    {CustomerColumn::Owner, "sales rep"},
    {CustomerColumn::Tags, "štítky"},
    {CustomerColumn::Tags, "tagy"},
    {CustomerColumn::Tags, "tags"},
    {CustomerColumn::Tags, "labels"},
    {CustomerColumn::Tags, "kategorie"},
    {CustomerColumn::Note, "poznámka"},
    {CustomerColumn::Note, "poznámky"},
    {CustomerColumn::Note, "note"},
    {CustomerColumn::Note, "notes"},
    {CustomerColumn::Note, "comment"},
    {CustomerColumn::ContactName, "kontaktní osoba"},
    {CustomerColumn::ContactName, "kontakt"},
    {CustomerColumn::ContactName, "contact"},
    {CustomerColumn::ContactName, "contact person"},
    {CustomerColumn::ContactEmail, "e-mail kontaktní osoby"},
    {CustomerColumn::ContactEmail, "contact e-mail"},
    {CustomerColumn::ContactPhone, "telefon kontaktní osoby"},
    {CustomerColumn::ContactPhone, "contact phone"},
    {CustomerColumn::ContactRole, "funkce"},
    {CustomerColumn::ContactRole, "pozice"},
    {CustomerColumn::ContactRole, "role"},
    {CustomerColumn::ContactRole, "contact role"},
    {CustomerColumn::FirstName, "jméno"},
    {CustomerColumn::FirstName, "first name"},
    {CustomerColumn::LastName, "příjmení"},
    {CustomerColumn::LastName, "last name"},
    {CustomerColumn::LastName, "surname"},
    {CustomerColumn::Kind, "typ"},
    {CustomerColumn::Kind, "kind"},
    {CustomerColumn::Kind, "type"},
};

const std::unordered_map<std::string, CustomerColumn>& alias_table() {
    static const auto table = [] {
        std::unordered_map<std::string, CustomerColumn> built;
        for (const Alias& alias : kAliases) {
            built.emplace(header_key(alias.text), alias.column);
        }
        for (const auto& info : domain::customer_columns()) {
            if (!info.importable) {
                continue;
            }
            built.emplace(header_key(info.label_cs), info.column);
            built.emplace(header_key(info.label_en), info.column);
            built.emplace(header_key(info.key), info.column);  // "postal_code", "contact_email" as keys
        }
        return built;
    }();
    return table;
}

}  // namespace

std::string header_key(std::string_view header) {
    const std::string folded = util::fold_for_search(header);
    std::string key;
    key.reserve(folded.size());
    for (const char c : folded) {
        const auto byte = static_cast<unsigned char>(c);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || byte >= 0x80) {
            key.push_back(c);
        }
    }
    return key;
}

std::optional<domain::CustomerColumn> column_for_header(std::string_view header) {
    const auto& table = alias_table();
    const auto found = table.find(header_key(header));
    if (found == table.end()) {
        return std::nullopt;
    }
    return found->second;
}

domain::ImportMapping suggest_mapping(const std::vector<std::string>& headers) {
    domain::ImportMapping mapping;
    mapping.columns.resize(headers.size());
    std::set<CustomerColumn> taken;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        const auto column = column_for_header(headers[i]);
        if (column && taken.insert(*column).second) {
            mapping.columns[i] = column;
        }
    }
    return mapping;
}

domain::ImportMapping apply_saved_mapping(
    const domain::SavedImportMapping& saved, const std::vector<std::string>& headers
) {
    // Exact header text first, then the folded form, so "IČO " or "ičo" in next month's file still match.
    std::unordered_map<std::string, CustomerColumn> by_key;
    for (const auto& [header, column] : saved.by_header) {
        by_key.emplace(header_key(header), column);
    }
    domain::ImportMapping mapping;
    mapping.columns.resize(headers.size());
    std::set<CustomerColumn> taken;
    const auto assign = [&](std::size_t index, CustomerColumn column) {
        if (!domain::column_info(column).importable || !taken.insert(column).second) {
            return;
        }
        mapping.columns[index] = column;
    };
    for (std::size_t i = 0; i < headers.size(); ++i) {
        if (const auto exact = saved.by_header.find(headers[i]); exact != saved.by_header.end()) {
            assign(i, exact->second);
        }
    }
    for (std::size_t i = 0; i < headers.size(); ++i) {
        if (mapping.columns[i] || saved.by_header.contains(headers[i])) {
            continue;
        }
        const std::string key = header_key(headers[i]);
        if (key.empty()) {
            continue;
        }
        if (const auto folded = by_key.find(key); folded != by_key.end()) {
            assign(i, folded->second);
        }
    }
    return mapping;
}

}  // namespace kartoteka::importer
