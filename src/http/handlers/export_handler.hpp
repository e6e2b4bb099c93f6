#pragma once

#include <filesystem>

#include "domain/repositories.hpp"
#include "http/message.hpp"

namespace kartoteka::http {

/// GET /api/v1/customers/export: every customer matching the list's query, as CSV (streamed page by page with
/// chunked transfer encoding) or XLSX (written to a temporary file on the worker, then sent from disk).
class ExportHandler {
public:
    /// `temp_dir` holds XLSX files while they are built (created when missing); empty: the system's.
    ExportHandler(domain::CustomerRepository& customers, domain::UserRepository& users, std::filesystem::path temp_dir)
        : customers_(customers),
          users_(users),
          temp_dir_(std::move(temp_dir)) {}

    Response export_customers(Request& request);

private:
    domain::CustomerRepository& customers_;
    domain::UserRepository& users_;
    std::filesystem::path temp_dir_;
};

}  // namespace kartoteka::http
