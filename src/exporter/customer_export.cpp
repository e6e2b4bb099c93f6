#include "exporter/customer_export.hpp"

#include <charconv>
#include <cstdio>

#include "domain/calendar_time.hpp"

namespace kartoteka::exporter {
namespace {

using domain::CustomerColumn;

std::string_view status_label(domain::CustomerStatus status, ExportLanguage language) {
    const bool cs = language == ExportLanguage::Cs;
    switch (status) {
        case domain::CustomerStatus::Lead:
            return cs ? "Zájemce" : "Lead";  // the UI's word (web/src/locales/cs.json)
        case domain::CustomerStatus::Active:
            return cs ? "Aktivní" : "Active";
        case domain::CustomerStatus::Inactive:
            return cs ? "Neaktivní" : "Inactive";
    }
    return {};
}

std::string_view kind_label(domain::CustomerKind kind, ExportLanguage language) {
    const bool cs = language == ExportLanguage::Cs;
    return kind == domain::CustomerKind::Company ? (cs ? "Firma" : "Company") : (cs ? "Osoba" : "Person");
}

std::string join_tags(const std::vector<std::string>& tags) {
    std::string joined;
    for (const auto& tag : tags) {
        if (!joined.empty()) {
            joined += ", ";
        }
        joined += tag;
    }
    return joined;
}

std::string local_text(domain::TimestampMs at) {
    const auto local = domain::prague_local(at);
    return local.date + " " + local.time;
}

int to_int(std::string_view digits) {
    int value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return value;
}

XlsxDateTime local_date_time(domain::TimestampMs at) {
    const auto local = domain::prague_local(at);  // YYYY-MM-DD, HH:MM
    const std::string_view date = local.date;
    const std::string_view time = local.time;
    return XlsxDateTime{
        .year = to_int(date.substr(0, 4)),
        .month = to_int(date.substr(5, 2)),
        .day = to_int(date.substr(8, 2)),
        .hour = to_int(time.substr(0, 2)),
        .minute = to_int(time.substr(3, 2)),
        .second = 0,
    };
}

const domain::Contact* first_contact(const domain::Customer& customer) {
    return customer.contacts.empty() ? nullptr : &customer.contacts.front();
}

}  // namespace

std::vector<CustomerColumn> default_export_columns() {
    return {
        CustomerColumn::Name,
        CustomerColumn::Ico,
        CustomerColumn::City,
        CustomerColumn::Status,
        CustomerColumn::Owner,
        CustomerColumn::Updated};
}

Result<ExportRequest> parse_export_request(domain::QueryParams params) {
    ExportRequest request;
    FieldErrors errors;
    domain::QueryParams rest;
    for (auto& [name, value] : params) {
        if (name == "format") {
            if (value == "csv") {
                request.format = ExportFormat::Csv;
            } else if (value == "xlsx") {
                request.format = ExportFormat::Xlsx;
            } else {
                errors[name] = "must be csv or xlsx";
            }
        } else if (name == "lang") {
            if (value == "cs") {
                request.language = ExportLanguage::Cs;
            } else if (value == "en") {
                request.language = ExportLanguage::En;
            } else {
                errors[name] = "must be cs or en";
            }
        } else if (name == "delimiter") {
            if (value == "semicolon") {
                request.delimiter = ';';
            } else if (value == "comma") {
                request.delimiter = ',';
            } else {
                errors[name] = "must be semicolon or comma";
            }
        } else if (name == "columns") {
            request.columns.clear();
            std::string_view list = value;
            while (!list.empty()) {
                const auto comma = list.find(',');
                const auto key = list.substr(0, comma);
                list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
                if (key.empty()) {
                    continue;
                }
                if (auto column = domain::parse_customer_column(key)) {
                    request.columns.push_back(*column);
                } else {
                    errors[name] = "unknown column " + std::string(key);
                }
            }
            if (request.columns.empty() && !errors.contains(name)) {
                errors[name] = "must name at least one column";
            }
        } else if (name == "cursor") {
            errors[name] = "an export has every row; it takes no cursor";
        } else if (name == "limit" || name == "count") {
            continue;  // the list's paging parameters ride along in its URL; an export has every row anyway
        } else if (value.empty() && name != "q") {
            continue;  // an empty filter filters nothing, as in the list
        } else {
            rest.emplace_back(std::move(name), std::move(value));
        }
    }
    if (request.columns.empty()) {
        request.columns = default_export_columns();
    }
    auto search = domain::parse_customer_search(rest, false);
    if (!search) {
        for (auto& [field, message] : search.error().field_errors) {
            errors.emplace(field, std::move(message));
        }
        if (search.error().field_errors.empty()) {
            return fail(search.error());
        }
    }
    if (!errors.empty()) {
        return fail(Error::invalid("invalid query parameters", std::move(errors)));
    }
    request.search = std::move(*search);
    request.search.cursor.clear();
    request.search.with_count = false;
    request.search.limit = CustomerPages::kPageSize;
    return request;
}

std::vector<std::string> header_labels(const std::vector<CustomerColumn>& columns, ExportLanguage language) {
    std::vector<std::string> labels;
    labels.reserve(columns.size());
    for (const auto column : columns) {
        const auto& info = domain::column_info(column);
        labels.emplace_back(language == ExportLanguage::Cs ? info.label_cs : info.label_en);
    }
    return labels;
}

std::string cell_text(
    const domain::Customer& customer, CustomerColumn column, ExportLanguage language, const OwnerNames& owners
) {
    const domain::Contact* contact = first_contact(customer);
    switch (column) {
        case CustomerColumn::Id:
            return std::to_string(customer.id);
        case CustomerColumn::Name:
            return customer.name;
        case CustomerColumn::Kind:
            return std::string(kind_label(customer.kind, language));
        case CustomerColumn::FirstName:
            return customer.first_name;
        case CustomerColumn::LastName:
            return customer.last_name;
        case CustomerColumn::Ico:
            return customer.ico;
        case CustomerColumn::Dic:
            return customer.dic;
        case CustomerColumn::Email:
            return customer.email;
        case CustomerColumn::Phone:
            return customer.phone;
        case CustomerColumn::Web:
            return customer.web;
        case CustomerColumn::Street:
            return customer.billing_address.street;
        case CustomerColumn::City:
            return customer.billing_address.city;
        case CustomerColumn::PostalCode:
            return customer.billing_address.postal_code;
        case CustomerColumn::Country:
            return customer.billing_address.country;
        case CustomerColumn::Status:
            return std::string(status_label(customer.status, language));
        case CustomerColumn::Owner: {
            if (!customer.owner_id) {
                return {};
            }
            const auto found = owners.find(*customer.owner_id);
            return found == owners.end() ? std::string{} : found->second;
        }
        case CustomerColumn::Tags:
            return join_tags(customer.tags);
        case CustomerColumn::Note:
            return customer.note;
        case CustomerColumn::ContactName:
            return contact ? contact->name : std::string{};
        case CustomerColumn::ContactRole:
            return contact ? contact->role : std::string{};
        case CustomerColumn::ContactEmail:
            return contact ? contact->email : std::string{};
        case CustomerColumn::ContactPhone:
            return contact ? contact->phone : std::string{};
        case CustomerColumn::Created:
            return local_text(customer.created_at);
        case CustomerColumn::Updated:
            return local_text(customer.updated_at);
    }
    return {};
}

XlsxCell xlsx_cell(
    const domain::Customer& customer, CustomerColumn column, ExportLanguage language, const OwnerNames& owners
) {
    switch (column) {
        case CustomerColumn::Id:
            return XlsxCell::make_number(static_cast<double>(customer.id));
        case CustomerColumn::Created:
            return XlsxCell::make_date_time(local_date_time(customer.created_at));
        case CustomerColumn::Updated:
            return XlsxCell::make_date_time(local_date_time(customer.updated_at));
        default:
            return XlsxCell::make_text(cell_text(customer, column, language, owners));
    }
}

CustomerPages::CustomerPages(domain::CustomerRepository& customers, domain::CustomerSearch search)
    : customers_(customers),
      search_(std::move(search)) {
    search_.limit = kPageSize;
    search_.with_count = false;
    search_.cursor.clear();
}

Result<bool> CustomerPages::next(std::vector<domain::Customer>& page) {
    page.clear();
    if (done_) {
        return false;
    }
    auto found = customers_.search(search_);
    if (!found) {
        return fail(found.error());
    }
    page = std::move(found->items);
    if (found->next_cursor.empty()) {
        done_ = true;
    } else {
        search_.cursor = std::move(found->next_cursor);
    }
    return !page.empty();
}

CsvExportStream::CsvExportStream(domain::CustomerRepository& customers, ExportRequest request, OwnerNames owners)
    : pages_(customers, request.search),
      request_(std::move(request)),
      owners_(std::move(owners)),
      writer_(CsvOptions{.delimiter = request_.delimiter, .bom = true}) {}

Result<bool> CsvExportStream::next(std::string& out) {
    if (!header_written_) {
        header_written_ = true;
        writer_.write_row(header_labels(request_.columns, request_.language));
        writer_.take(out);
        return true;
    }
    auto more = pages_.next(page_);
    if (!more) {
        return fail(more.error());
    }
    for (const auto& customer : page_) {
        row_.clear();
        for (const auto column : request_.columns) {
            row_.push_back(cell_text(customer, column, request_.language, owners_));
        }
        writer_.write_row(row_);
    }
    writer_.take(out);
    return *more;
}

Result<std::size_t> write_xlsx_export(
    domain::CustomerRepository& customers,
    const ExportRequest& request,
    const OwnerNames& owners,
    const std::filesystem::path& path,
    const std::filesystem::path& temp_dir
) {
    auto writer = XlsxWriter::create(
        path,
        XlsxOptions{
            .sheet_name = request.language == ExportLanguage::Cs ? "Zákazníci" : "Customers",
            .temp_dir = temp_dir,
        }
    );
    if (!writer) {
        return fail(writer.error());
    }
    if (auto header = (*writer)->write_header(header_labels(request.columns, request.language)); !header) {
        return fail(header.error());
    }
    CustomerPages pages(customers, request.search);
    std::vector<domain::Customer> page;
    std::vector<XlsxCell> row;
    std::size_t rows = 0;
    while (true) {
        auto more = pages.next(page);
        if (!more) {
            return fail(more.error());
        }
        for (const auto& customer : page) {
            row.clear();
            for (const auto column : request.columns) {
                row.push_back(xlsx_cell(customer, column, request.language, owners));
            }
            if (auto written = (*writer)->write_row(row); !written) {
                return fail(written.error());
            }
            ++rows;
        }
        if (!*more) {
            break;
        }
    }
    if (auto closed = (*writer)->close(); !closed) {
        return fail(closed.error());
    }
    return rows;
}

std::string export_file_name(ExportFormat format, domain::TimestampMs now) {
    return "zakaznici-" + domain::prague_local(now).date + (format == ExportFormat::Csv ? ".csv" : ".xlsx");
}

}  // namespace kartoteka::exporter
