#pragma once

#include "domain/customer_service.hpp"
#include "http/handlers/request_params.hpp"
#include "http/message.hpp"

namespace kartoteka::http {

// Request pieces every customer-scoped handler reads the same way.

/// The {id} path parameter; one that cannot name a customer is reported as a missing customer (404).
Result<domain::CustomerId> customer_id(const Request& request);
/// 200/201 with the customer JSON and its ETag.
Response customer_response(unsigned status, const domain::Customer& customer);
/// 200 with the record; 412 with current_version when a colleague saved first; else the error.
Response versioned_write_response(
    domain::CustomerService& customers, domain::CustomerId id, const Result<domain::Customer>& written
);

/// The customer directory and its trash: parse -> CustomerService -> serialise.
class CustomersHandler {
public:
    explicit CustomersHandler(domain::CustomerService& customers) : customers_(customers) {}

    Response list(Request& request);
    Response list_trash(Request& request);
    Response create(Request& request);
    Response get(Request& request);
    Response update(Request& request);
    Response remove(Request& request);
    Response restore(Request& request);
    /// The contact person as a vCard 4.0 download.
    Response contact_vcard(Request& request);

private:
    Response list_page(Request& request, bool trash);

    domain::CustomerService& customers_;
};

}  // namespace kartoteka::http
