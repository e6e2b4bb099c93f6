#include "domain/customer_columns.hpp"

#include <array>

namespace kartoteka::domain {
namespace {

using C = CustomerColumn;

constexpr std::array kColumns{
    CustomerColumnInfo{C::Id, "id", "ID", "ID", false},
    CustomerColumnInfo{C::Name, "name", "Název", "Name", true},
    CustomerColumnInfo{C::Kind, "kind", "Typ", "Kind", true},
    CustomerColumnInfo{C::FirstName, "first_name", "Jméno", "First name", true},
    CustomerColumnInfo{C::LastName, "last_name", "Příjmení", "Last name", true},
    CustomerColumnInfo{C::Ico, "ico", "IČO", "Company ID", true},
    CustomerColumnInfo{C::Dic, "dic", "DIČ", "VAT ID", true},
    CustomerColumnInfo{C::Email, "email", "E-mail", "E-mail", true},
    CustomerColumnInfo{C::Phone, "phone", "Telefon", "Phone", true},
    CustomerColumnInfo{C::Web, "web", "Web", "Website", true},
    CustomerColumnInfo{C::Street, "street", "Ulice", "Street", true},
    CustomerColumnInfo{C::City, "city", "Město", "City", true},
    CustomerColumnInfo{C::PostalCode, "postal_code", "PSČ", "Postal code", true},
    CustomerColumnInfo{C::Country, "country", "Země", "Country", true},
    CustomerColumnInfo{C::Status, "status", "Stav", "Status", true},
    CustomerColumnInfo{C::Owner, "owner", "Vlastník", "Owner", true},
    CustomerColumnInfo{C::Tags, "tags", "Štítky", "Tags", true},
    CustomerColumnInfo{C::Note, "note", "Poznámka", "Note", true},
    CustomerColumnInfo{C::ContactName, "contact_name", "Kontaktní osoba", "Contact person", true},
    CustomerColumnInfo{C::ContactRole, "contact_role", "Funkce kontaktní osoby", "Contact role", true},
    CustomerColumnInfo{C::ContactEmail, "contact_email", "E-mail kontaktní osoby", "Contact e-mail", true},
    CustomerColumnInfo{C::ContactPhone, "contact_phone", "Telefon kontaktní osoby", "Contact phone", true},
    CustomerColumnInfo{C::Created, "created", "Vytvořeno", "Created", false},
    CustomerColumnInfo{C::Updated, "updated", "Změněno", "Updated", false},
};

}  // namespace

std::span<const CustomerColumnInfo> customer_columns() {
    return kColumns;
}

const CustomerColumnInfo& column_info(CustomerColumn column) {
    for (const auto& info : kColumns) {
        if (info.column == column) return info;
    }
    return kColumns.front();  // unreachable: every enumerator is in the table (tested)
}

std::optional<CustomerColumn> parse_customer_column(std::string_view key) {
    for (const auto& info : kColumns) {
        if (info.key == key) return info.column;
    }
    return std::nullopt;
}

}  // namespace kartoteka::domain
