#pragma once

#include <string>
#include <string_view>

#include "domain/customer.hpp"

// vCard 4.0 (RFC 6350) for a contact person, so a salesperson can put them into a phone's address book.
namespace kartoteka::domain {

/// A complete vCard: BEGIN..END, CRLF line ends, lines folded at 75 octets without splitting a UTF-8
/// sequence. FN and N from the name, ORG = organisation, ROLE, EMAIL, TEL as a tel: URI, NOTE; empty fields
/// are left out.
std::string contact_vcard(const Contact& contact, std::string_view organisation);

/// A property value escaped per RFC 6350 3.4: backslash, comma, semicolon and newlines.
std::string escape_vcard_text(std::string_view text);

/// Folds one unfolded content line (without CRLF) into CRLF-terminated lines of at most 75 octets;
/// continuation lines start with a space.
std::string fold_vcard_line(std::string_view line);

}  // namespace kartoteka::domain
