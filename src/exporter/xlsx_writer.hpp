#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "domain/error.hpp"

// A streaming .xlsx writer over libxlsxwriter in constant_memory mode: each row is flushed to a temporary
// sheet file as soon as the next one starts, so a million rows need no more memory than one. The price of that
// mode: rows must be written in order and strings are stored inline (no shared-string table).
namespace kartoteka::exporter {

/// A wall-clock date and time as the reader should see it (the caller converts to Prague time first).
struct XlsxDateTime {
    int year = 1970;
    int month = 1;
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
};

struct XlsxCell {
    enum class Kind { Empty, Text, Number, DateTime, Date };

    Kind kind = Kind::Empty;
    std::string text = {};        // Text: always a string cell, so "00123" keeps its zeros
    double number = 0;            // Number
    XlsxDateTime date_time = {};  // DateTime ("d.m.yyyy h:mm") and Date ("d.m.yyyy"): real serial numbers

    static XlsxCell empty() { return {}; }
    static XlsxCell make_text(std::string value) { return XlsxCell{Kind::Text, std::move(value)}; }
    static XlsxCell make_number(double value) { return XlsxCell{Kind::Number, {}, value}; }
    static XlsxCell make_date_time(XlsxDateTime value) { return XlsxCell{Kind::DateTime, {}, 0, value}; }
    static XlsxCell make_date(XlsxDateTime value) { return XlsxCell{Kind::Date, {}, 0, value}; }
};

struct XlsxOptions {
    std::string sheet_name = "List1";  // up to 31 characters, none of []:*?/\ (checked)
    /// Directory for libxlsxwriter's per-sheet temporary files (defaults to the system's).
    std::filesystem::path temp_dir = {};
};

class XlsxWriter {
public:
    /// Creates the workbook at `path` (written on close()).
    static Result<std::unique_ptr<XlsxWriter>> create(const std::filesystem::path& path, const XlsxOptions& options);

    XlsxWriter(const XlsxWriter&) = delete;
    XlsxWriter& operator=(const XlsxWriter&) = delete;
    /// Closes the workbook if close() was not called (errors are then lost).
    ~XlsxWriter();

    /// Row 1 in bold, frozen so it stays visible while scrolling; sets column widths from the label lengths.
    /// Must be the first row written.
    Result<void> write_header(std::span<const std::string> labels);
    /// The next row; cells beyond the header's width are written too.
    Result<void> write_row(std::span<const XlsxCell> cells);
    /// Finishes the file (zips the parts). Nothing may be written afterwards.
    Result<void> close();

    std::uint32_t rows_written() const { return next_row_; }

private:
    struct Impl;
    explicit XlsxWriter(std::unique_ptr<Impl> impl);

    std::unique_ptr<Impl> impl_;
    std::uint32_t next_row_ = 0;
};

/// Excel's limits, which the writer enforces instead of producing a file Excel refuses.
inline constexpr std::uint32_t kXlsxMaxRows = 1'048'576;
inline constexpr std::size_t kXlsxMaxCellChars = 32'767;

}  // namespace kartoteka::exporter
