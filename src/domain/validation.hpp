#pragma once

#include <string>
#include <string_view>

#include "domain/customer.hpp"
#include "domain/error.hpp"

// Field validators. Each returns the canonical form of a valid value, or InvalidArgument whose
// message explains what is wrong (in English; the UI maps field names to its own catalogs).
// An invalid value is refused, never silently altered.
namespace kartoteka::domain {

/// IČO: exactly 8 digits (leading zeros significant) with a valid mod-11 check digit.
Result<std::string> validate_ico(std::string_view text);
/// DIČ: "CZ" + 8 to 10 digits, or another EU member state's prefix + its VAT number pattern.
Result<std::string> validate_dic(std::string_view text);
/// E-mail address syntax (local@domain.tld, no spaces); returns it trimmed.
Result<std::string> validate_email(std::string_view text);
/// Phone to E.164: spaces, dashes, dots and parentheses are dropped; "00" becomes "+";
/// no prefix means +420 (then exactly 9 digits).
Result<std::string> normalize_phone(std::string_view text);
/// Czech postal code (PSČ): 5 digits, first 1-7, canonical form "123 45".
Result<std::string> validate_czech_postal_code(std::string_view text);
/// Web address: a host name with a dot, optional http(s):// scheme.
Result<std::string> validate_web(std::string_view text);

/// Validates and normalises a whole record (trims text, derives `name` for a person, normalises
/// phone numbers and postal codes). All problems are reported at once in Error::field_errors,
/// keyed by JSON field path ("ico", "billing_address.postal_code", "contacts[0].email").
Result<Customer> validate_customer(Customer customer);

/// Applies a patch to a stored record (no validation; call validate_customer after).
Customer apply_patch(Customer customer, const CustomerPatch& patch);

}  // namespace kartoteka::domain
