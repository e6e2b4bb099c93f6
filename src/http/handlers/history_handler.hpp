#pragma once

#include "domain/customer_service.hpp"
#include "domain/history.hpp"
#include "domain/repositories.hpp"
#include "http/message.hpp"

namespace kartoteka::http {

/// The Historie tab of a customer card: the log, and copying a past value back.
class HistoryHandler {
public:
    HistoryHandler(
        domain::CustomerService& customers, domain::CustomerRepository& records, domain::HistoryRepository& history
    )
        : customers_(customers),
          records_(records),
          history_(history) {}

    /// GET /customers/{id}/history?subject=&limit=&cursor=
    Response list(Request& request);
    /// POST /customers/{id}/history/{entry_id}/restore {"field": "..."} with If-Match.
    Response restore_value(Request& request);

private:
    domain::CustomerService& customers_;
    domain::CustomerRepository& records_;  // to find trashed customers too: their history stays readable
    domain::HistoryRepository& history_;
};

}  // namespace kartoteka::http
