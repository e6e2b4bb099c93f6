#pragma once

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

// CSV that Czech Excel opens right: UTF-8 with a BOM (without it Excel assumes the ANSI code page), CRLF line
// ends and RFC 4180 quoting. The writer only appends to an in-memory buffer; the caller drains it (to a socket
// chunk, a file...) whenever it likes, so memory stays bounded by what the caller lets accumulate.
namespace kartoteka::exporter {

struct CsvOptions {
    char delimiter = ';';  // ';' for Czech Excel (its list separator), ',' elsewhere
    bool bom = true;       // written before the first row
};

class CsvWriter {
public:
    explicit CsvWriter(CsvOptions options = {});

    /// Appends one record: fields quoted when they hold the delimiter, '"', CR or LF (or start/end with a
    /// space), '"' doubled inside quotes; the record ends with CRLF.
    void write_row(std::span<const std::string> fields);
    void write_row(std::initializer_list<std::string_view> fields);

    /// The bytes written and not yet taken.
    const std::string& buffer() const { return buffer_; }
    std::size_t buffered_size() const { return buffer_.size(); }
    /// Moves the buffered bytes out (appends them to `out`) and empties the buffer.
    void take(std::string& out);
    std::string take();

    std::size_t rows_written() const { return rows_; }

private:
    void begin_row();
    void append_field(std::string_view field);

    CsvOptions options_;
    std::string buffer_;
    std::size_t rows_ = 0;
    bool bom_written_ = false;
};

/// One field as it appears in a record (quoted when needed); exposed for tests and ad-hoc writers.
void append_csv_field(std::string& out, std::string_view field, char delimiter);

}  // namespace kartoteka::exporter
