#pragma once

#include <optional>
#include <span>
#include <string_view>

// The one catalogue of customer columns as people see them: the list's column chooser, the export's header
// row and the import's column mapping all use these keys and labels, so that an export re-imports unchanged.
namespace kartoteka::domain {

enum class CustomerColumn {
    Id,
    Name,
    Kind,
    FirstName,
    LastName,
    Ico,
    Dic,
    Email,
    Phone,
    Web,
    Street,
    City,
    PostalCode,
    Country,
    Status,
    Owner,  // the owner's username
    Tags,   // joined with ", "
    Note,
    ContactName,  // the first contact person (import: one contact person per row)
    ContactRole,
    ContactEmail,
    ContactPhone,
    Created,
    Updated,
};

struct CustomerColumnInfo {
    CustomerColumn column;
    std::string_view key;       // stable: query strings (`columns=`), saved views, import mappings
    std::string_view label_cs;  // export header in Czech (the default)
    std::string_view label_en;  // export header in English
    bool importable;            // false for columns the store sets (id, created, updated)
};

/// Every column, in the order an export writes them when all are chosen.
std::span<const CustomerColumnInfo> customer_columns();
const CustomerColumnInfo& column_info(CustomerColumn column);
std::optional<CustomerColumn> parse_customer_column(std::string_view key);

}  // namespace kartoteka::domain
