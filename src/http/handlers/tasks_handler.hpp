#pragma once

#include "domain/task_service.hpp"
#include "http/message.hpp"

namespace kartoteka::http {

/// Úkoly on a customer card and across customers: parse -> TaskService -> serialise.
class TasksHandler {
public:
    explicit TasksHandler(domain::TaskService& tasks) : tasks_(tasks) {}

    Response list_for_customer(Request& request);
    Response create(Request& request);
    Response list(Request& request);
    Response get(Request& request);
    Response update(Request& request);
    Response remove(Request& request);

private:
    Response versioned_write_response(domain::TaskId id, const Result<domain::Task>& written);

    domain::TaskService& tasks_;
};

}  // namespace kartoteka::http
