#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"

namespace kartoteka::importer {

enum class Format { Xlsx, Xls, Ods, Csv };

std::string_view format_name(Format format);

enum class CellType {
    Empty,
    Text,
    Number,
    Boolean,
    Date,      // text holds "YYYY-MM-DD"
    DateTime,  // text holds "YYYY-MM-DDTHH:MM:SS"
    Time,      // text holds "HH:MM:SS"
    Error,     // a formula error such as "#N/A"; text holds it
};

struct Cell {
    CellType type = CellType::Empty;
    std::string text;     // the value for Text/Date/DateTime/Time/Error; "TRUE"/"FALSE"; a number's shortest text
    double number = 0;    // Number, Boolean (0/1), and the spreadsheet serial of Date/DateTime/Time when known
    std::string display;  // what the program showed, when the file carries it (ODS); CSV cells are all text

    bool empty() const { return type == CellType::Empty; }
};

/// One row. cells[i] is column i (0-based, A = 0); trailing empty cells are not stored.
struct Row {
    std::uint32_t number = 0;  // 1-based, as the spreadsheet program shows it (CSV: record number)
    bool hidden = false;
    std::vector<Cell> cells;

    bool empty() const;
    void clear() {
        number = 0;
        hidden = false;
        cells.clear();
    }
};

/// An inclusive rectangle of cells, 1-based rows and 0-based columns like Row/Cell.
struct CellRange {
    std::uint32_t first_row = 0;
    std::uint32_t first_column = 0;
    std::uint32_t last_row = 0;
    std::uint32_t last_column = 0;
};

struct SheetInfo {
    std::string name;
    bool hidden = false;
};

/// What the reader learnt about the open sheet's layout. Formats store merged ranges after the cells (xlsx),
/// so the lists are complete only once next_row() has returned false.
struct SheetLayout {
    std::vector<std::uint32_t> hidden_columns;  // 0-based
    std::vector<std::uint32_t> hidden_rows;     // 1-based, only rows that carry a value are listed
    std::vector<CellRange> merged_ranges;
};

/// Bounds that keep a hostile or broken file from using unbounded memory or time. The defaults accept what
/// Excel and LibreOffice can produce (1,048,576 rows, 16,384 columns, 32,767 characters a cell).
struct Limits {
    std::uint32_t max_rows = 1'048'576;
    std::uint32_t max_columns = 16'384;
    std::size_t max_cell_bytes = 32'767 * 4;  // 32,767 characters of up to 4 UTF-8 bytes each
    std::size_t max_row_bytes = 16u << 20;
    std::uint64_t max_entry_bytes = 2ull << 30;          // decompressed size of one zip entry
    std::uint64_t max_metadata_entry_bytes = 32u << 20;  // workbook.xml, rels, styles.xml
    std::uint64_t ratio_check_after_bytes = 16u << 20;   // small entries compress well legitimately
    std::uint32_t max_compression_ratio = 200;
    std::size_t max_shared_strings_bytes = 256u << 20;  // xlsx: the only table the format forces us to keep
    std::uint32_t max_shared_strings = 4'000'000;
    std::uint32_t max_sheets = 1'000;
    std::uint64_t max_xls_cells = 8'000'000;  // freexl holds a whole .xls sheet in memory (16 bytes a cell)
};

/// A streaming reader of one spreadsheet file: list the sheets, open one, pull its rows one at a time.
/// Memory does not grow with the number of rows.
class SheetReader {
public:
    virtual ~SheetReader() = default;

    virtual Format format() const = 0;
    virtual const std::vector<SheetInfo>& sheets() const = 0;
    /// Starts reading sheet `index` from its first row (may be called again to re-read).
    virtual Result<void> open(std::size_t index) = 0;
    /// Fills `row` with the next row that has at least one non-empty cell; false at the end of the sheet.
    virtual Result<bool> next_row(Row& row) = 0;
    virtual const SheetLayout& layout() const = 0;
};

/// Detects the format from the file's content (never its name) and opens the matching reader.
Result<std::unique_ptr<SheetReader>> open_reader(const std::filesystem::path& path, const Limits& limits = {});

/// The message given for content that is none of the accepted formats.
std::string accepted_formats_message();

}  // namespace kartoteka::importer
