#pragma once

#include "domain/customer_service.hpp"
#include "http/message.hpp"

namespace kartoteka::http {

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

private:
    Response list_page(Request& request, bool trash);
    /// 200 with the record, 412 with the current version when a colleague saved first, else the error.
    Response versioned_write_response(domain::CustomerId id, const Result<domain::Customer>& written);
    Response version_conflict(domain::CustomerId id, const Error& error);

    domain::CustomerService& customers_;
};

}  // namespace kartoteka::http
