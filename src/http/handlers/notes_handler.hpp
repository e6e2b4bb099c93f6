#pragma once

#include "domain/note_service.hpp"
#include "http/message.hpp"

namespace kartoteka::http {

/// Zápisy on the customer card: parse -> NoteService -> serialise, with ETag/If-Match on the note's version.
class NotesHandler {
public:
    explicit NotesHandler(domain::NoteService& notes) : notes_(notes) {}

    Response list(Request& request);    // GET /customers/{id}/notes
    Response create(Request& request);  // POST /customers/{id}/notes
    Response get(Request& request);     // GET /notes/{id}
    Response update(Request& request);  // PATCH /notes/{id}
    Response remove(Request& request);  // DELETE /notes/{id}

private:
    /// 200 with the note, 412 with the current version when someone saved first, else the error.
    Response versioned_write_response(domain::NoteId id, const Result<domain::Note>& written);

    domain::NoteService& notes_;
};

}  // namespace kartoteka::http
