#pragma once

#include "domain/document_service.hpp"
#include "http/message.hpp"

namespace kartoteka::http {

/// Dokumenty on the customer card: uploads (already spooled by the server) -> DocumentService -> JSON, and
/// downloads as file responses that the server streams from the blob store.
class DocumentsHandler {
public:
    /// Without a service (route listing only) every route answers 503.
    explicit DocumentsHandler(domain::DocumentService* documents) : service_(documents) {}

    Response list(Request& request);         // GET /customers/{id}/documents
    Response create(Request& request);       // POST /customers/{id}/documents (multipart)
    Response add_version(Request& request);  // POST /documents/{id}/versions (multipart)
    Response get(Request& request);          // GET /documents/{id}
    Response remove(Request& request);       // DELETE /documents/{id}
    Response restore(Request& request);      // POST /documents/{id}/restore
    Response content(Request& request);      // GET /documents/{id}/content

private:
    template <typename Method>
    Response guarded(Request& request, Method method);
    Response do_list(Request& request);
    Response do_create(Request& request);
    Response do_add_version(Request& request);
    Response do_get(Request& request);
    Response do_remove(Request& request);
    Response do_restore(Request& request);
    Response do_content(Request& request);
    Response write_error(const Error& error, domain::CustomerId customer_id, const std::string& name);

    domain::DocumentService* service_;
};

}  // namespace kartoteka::http
