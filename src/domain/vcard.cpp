#include "domain/vcard.hpp"

#include <algorithm>
#include <vector>

namespace kartoteka::domain {
namespace {

constexpr std::size_t kMaxLineOctets = 75;

bool is_continuation_byte(char c) {
    return (static_cast<unsigned char>(c) & 0xc0) == 0x80;
}

/// N is structured (family; given; additional; prefixes; suffixes). A contact has one name field, so the
/// last word is taken as the family name, which is right for the usual Czech "Jan Novák".
std::string structured_name(std::string_view name) {
    const auto last_space = name.find_last_of(' ');
    if (last_space == std::string_view::npos) {
        return escape_vcard_text(name) + ";;;;";
    }
    return escape_vcard_text(name.substr(last_space + 1)) + ";" + escape_vcard_text(name.substr(0, last_space)) + ";;;";
}

}  // namespace

std::string escape_vcard_text(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        switch (c) {
            case '\\':
                escaped += "\\\\";
                break;
            case ',':
                escaped += "\\,";
                break;
            case ';':
                escaped += "\\;";
                break;
            case '\r':
                // CRLF and a lone CR are one line break each.
                if (i + 1 < text.size() && text[i + 1] == '\n') {
                    ++i;
                }
                escaped += "\\n";
                break;
            case '\n':
                escaped += "\\n";
                break;
            default:
                escaped += c;
        }
    }
    return escaped;
}

std::string fold_vcard_line(std::string_view line) {
    std::string folded;
    folded.reserve(line.size() + line.size() / kMaxLineOctets * 3 + 2);
    std::size_t start = 0;
    bool first = true;
    while (start < line.size()) {
        // A continuation line spends one octet on the leading space.
        const std::size_t room = first ? kMaxLineOctets : kMaxLineOctets - 1;
        std::size_t end = std::min(line.size(), start + room);
        while (end < line.size() && end > start && is_continuation_byte(line[end])) {
            --end;
        }
        if (!first) {
            folded += ' ';
        }
        folded.append(line.substr(start, end - start));
        folded += "\r\n";
        start = end;
        first = false;
    }
    if (line.empty()) {
        folded += "\r\n";
    }
    return folded;
}

std::string contact_vcard(const Contact& contact, std::string_view organisation) {
    std::vector<std::string> lines;
    lines.emplace_back("BEGIN:VCARD");
    lines.emplace_back("VERSION:4.0");
    lines.push_back("FN:" + escape_vcard_text(contact.name));
    lines.push_back("N:" + structured_name(contact.name));
    if (!organisation.empty()) {
        lines.push_back("ORG:" + escape_vcard_text(organisation));
    }
    if (!contact.role.empty()) {
        lines.push_back("ROLE:" + escape_vcard_text(contact.role));
    }
    if (!contact.email.empty()) {
        lines.push_back("EMAIL:" + escape_vcard_text(contact.email));
    }
    if (!contact.phone.empty()) {
        // Stored phones are E.164 (+420...), which is already a valid global tel: URI number.
        lines.push_back("TEL;VALUE=uri:tel:" + contact.phone);
    }
    if (!contact.note.empty()) {
        lines.push_back("NOTE:" + escape_vcard_text(contact.note));
    }
    lines.emplace_back("END:VCARD");
    std::string card;
    for (const auto& line : lines) {
        card += fold_vcard_line(line);
    }
    return card;
}

}  // namespace kartoteka::domain
