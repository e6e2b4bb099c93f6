#include "exporter/csv_writer.hpp"

namespace kartoteka::exporter {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool needs_quotes(std::string_view field, char delimiter) {
    if (field.empty()) {
        return false;
    }
    // Excel trims unquoted leading/trailing spaces on import; quoting keeps them.
    if (field.front() == ' ' || field.back() == ' ') {
        return true;
    }
    for (char c : field) {
        if (c == delimiter || c == '"' || c == '\r' || c == '\n') {
            return true;
        }
    }
    return false;
}

}  // namespace

void append_csv_field(std::string& out, std::string_view field, char delimiter) {
    if (!needs_quotes(field, delimiter)) {
        out.append(field);
        return;
    }
    out.push_back('"');
    for (char c : field) {
        if (c == '"') {
            out.push_back('"');
        }
        out.push_back(c);
    }
    out.push_back('"');
}

CsvWriter::CsvWriter(CsvOptions options) : options_(options) {}

void CsvWriter::begin_row() {
    if (!bom_written_) {
        bom_written_ = true;
        if (options_.bom) {
            buffer_.append(kBom);
        }
    }
}

void CsvWriter::append_field(std::string_view field) {
    append_csv_field(buffer_, field, options_.delimiter);
}

void CsvWriter::write_row(std::span<const std::string> fields) {
    begin_row();
    bool first = true;
    for (const auto& field : fields) {
        if (!first) {
            buffer_.push_back(options_.delimiter);
        }
        first = false;
        append_field(field);
    }
    buffer_.append("\r\n");
    ++rows_;
}

void CsvWriter::write_row(std::initializer_list<std::string_view> fields) {
    begin_row();
    bool first = true;
    for (auto field : fields) {
        if (!first) {
            buffer_.push_back(options_.delimiter);
        }
        first = false;
        append_field(field);
    }
    buffer_.append("\r\n");
    ++rows_;
}

void CsvWriter::take(std::string& out) {
    if (out.empty()) {
        out.swap(buffer_);
    } else {
        out.append(buffer_);
    }
    buffer_.clear();
}

std::string CsvWriter::take() {
    std::string out;
    out.swap(buffer_);
    return out;
}

}  // namespace kartoteka::exporter
