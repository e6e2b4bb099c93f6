#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/import.hpp"
#include "importer/import_engine.hpp"
#include "importer/sheet_reader.hpp"

// One sheet row + the column mapping → a customer exactly as the store would keep it, with the row's errors and
// warnings (RowIssue.field = the customer column key the problem is in; codes are stable, see below).
namespace kartoteka::importer {

/// Codes the converter adds on top of the validators' ones (domain/validation.hpp: "ico.check_digit",
/// "email.format", "phone.format", "postal_code.format", "required", "too_long"…).
inline constexpr std::string_view kIcoLeadingZerosRestored = "ico.leading_zeros_restored";  // warning
inline constexpr std::string_view kRowHidden = "row.hidden";                                // warning
inline constexpr std::string_view kOwnerUnknown = "owner.unknown";
inline constexpr std::string_view kStatusUnknown = "status.unknown";
inline constexpr std::string_view kKindUnknown = "kind.unknown";
inline constexpr std::string_view kCountryUnknown = "country.format";

class RowConverter {
public:
    RowConverter(domain::ImportMapping mapping, const UserDirectory& users);

    /// nullopt when every mapped cell of the row is empty: such a row is not a data row (not counted).
    /// The returned row has no match and no action yet.
    std::optional<ConvertedRow> convert(const Row& row) const;
    /// Cheap: whether convert() would return a row (for counting rows without converting them).
    bool has_mapped_value(const Row& row) const;

    /// The distinct columns the mapping feeds, in column order (ImportWrite::mapped).
    const std::vector<domain::CustomerColumn>& mapped_columns() const { return mapped_; }

private:
    domain::ImportMapping mapping_;
    const UserDirectory& users_;
    std::vector<domain::CustomerColumn> mapped_;
};

/// The customer column key an error of validate_customer() is about ("billing_address.city" → "city",
/// "contacts[0].email" → "contact_email", "tags[2]" → "tags").
std::string column_key_for_field(const std::string& field);

}  // namespace kartoteka::importer
