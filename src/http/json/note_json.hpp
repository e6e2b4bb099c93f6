#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/error.hpp"
#include "domain/note.hpp"

// Note (Zápis) <-> JSON. Parsing is strict like the customer's: unknown members, wrong types and unknown
// kinds are field errors (422) with stable codes; read-only members (id, author, version...) are refused.
namespace kartoteka::http::json {

nlohmann::json to_json(const domain::Note& note);
nlohmann::json to_json(const domain::NotePage& page);

/// A POST body. Participants are [{"contact_id": 5} | {"user_id": 2}]; a "name" member is accepted and
/// ignored, so clients may send back what they read.
Result<domain::NoteDraft> parse_note_draft(std::string_view body);
/// A PATCH body: absent members are left alone; null clears a text member.
Result<domain::NotePatch> parse_note_patch(std::string_view body);

}  // namespace kartoteka::http::json
