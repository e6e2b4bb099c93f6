#include "importer/xls_reader.hpp"

#include <string>
#include <utility>
#include <vector>

#include <freexl.h>

#include "importer/cell_values.hpp"

namespace kartoteka::importer {

namespace {

class FreexlHandle {
public:
    FreexlHandle() = default;
    FreexlHandle(const FreexlHandle&) = delete;
    FreexlHandle& operator=(const FreexlHandle&) = delete;
    ~FreexlHandle() { reset(); }

    void reset() {
        if (handle_ != nullptr) {
            freexl_close(handle_);
            handle_ = nullptr;
        }
    }
    const void** out() {
        reset();
        return &handle_;
    }
    const void* get() const { return handle_; }

private:
    const void* handle_ = nullptr;
};

Error open_error(int code) {
    switch (code) {
        case FREEXL_FILE_NOT_FOUND:
            return Error::not_found("the file cannot be read");
        case FREEXL_INSUFFICIENT_MEMORY:
            return Error{ErrorCode::ResourceExhausted, "refused: the .xls file needs too much memory"};
        case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
            // An encrypted .xlsx is an OLE container holding "EncryptedPackage", not a Workbook stream.
            return Error::invalid(
                "the file is an Office (OLE) container without an Excel workbook: a password-protected workbook or "
                "another Office document; save it as .xlsx or .xls without a password"
            );
        default:
            return Error::invalid("the .xls file is damaged or truncated (freexl error " + std::to_string(code) + ")");
    }
}

class XlsReader : public SheetReader {
public:
    XlsReader(std::filesystem::path path, const Limits& limits) : path_(std::move(path)), limits_(limits) {}

    Result<void> load() {
        // Pass 1 reads only the workbook globals and sheet dimensions, not the cells, so a crafted DIMENSION
        // record cannot make freexl allocate a huge grid before we had a chance to refuse it.
        FreexlHandle info;
        int status = freexl_open_info(path_.c_str(), info.out());
        if (status != FREEXL_OK) {
            return fail(open_error(status));
        }
        unsigned int password = 0;
        if (freexl_get_info(info.get(), FREEXL_BIFF_PASSWORD, &password) == FREEXL_OK &&
            password == FREEXL_BIFF_OBFUSCATED) {
            return fail(Error::invalid("the file is password-protected; save it without a password"));
        }
        unsigned int biff = 0;
        if (freexl_get_info(info.get(), FREEXL_BIFF_VERSION, &biff) == FREEXL_OK && biff != FREEXL_BIFF_VER_8) {
            return fail(Error::invalid(
                "the .xls file is from Excel 95 or older (BIFF" + std::to_string(biff) + "); save it as .xlsx"
            ));
        }
        unsigned int count = 0;
        if (freexl_get_info(info.get(), FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK || count == 0) {
            return fail(Error::invalid("the workbook has no worksheet"));
        }
        if (count > limits_.max_sheets) {
            return fail(
                Error::invalid("refused: the workbook has more than " + std::to_string(limits_.max_sheets) + " sheets")
            );
        }
        for (unsigned short index = 0; index < count; ++index) {
            const char* name = nullptr;
            if (freexl_get_worksheet_name(info.get(), index, &name) != FREEXL_OK) {
                return fail(Error::invalid(
                    "the .xls file is damaged: cannot read the name of sheet " + std::to_string(index + 1)
                ));
            }
            sheets_.push_back(SheetInfo{name != nullptr ? name : "", false});
        }
        // freexl_open() allocates the cell grid of every sheet at once, so the sum is what must stay bounded.
        std::uint64_t cells = 0;
        for (unsigned short index = 0; index < count; ++index) {
            unsigned int rows = 0;
            unsigned short columns = 0;
            if (freexl_select_active_worksheet(info.get(), index) != FREEXL_OK ||
                freexl_worksheet_dimensions(info.get(), &rows, &columns) != FREEXL_OK) {
                return fail(Error::invalid(
                    "the .xls file is damaged: cannot read the size of sheet " + std::to_string(index + 1)
                ));
            }
            cells += static_cast<std::uint64_t>(rows) * columns;
        }
        if (cells > limits_.max_xls_cells) {
            return fail(Error{
                ErrorCode::ResourceExhausted,
                "refused: the .xls workbook has " + std::to_string(cells) + " cells, more than " +
                    std::to_string(limits_.max_xls_cells) + "; save it as .xlsx"});
        }
        return ok();
    }

    Format format() const override { return Format::Xls; }
    const std::vector<SheetInfo>& sheets() const override { return sheets_; }

    Result<void> open(std::size_t index) override {
        if (index >= sheets_.size()) {
            return fail(Error::not_found("the workbook has no sheet number " + std::to_string(index + 1)));
        }
        opened_ = false;
        handle_.reset();
        int status = freexl_open(path_.c_str(), handle_.out());
        if (status != FREEXL_OK) {
            handle_.reset();
            return fail(open_error(status));
        }
        if (freexl_select_active_worksheet(handle_.get(), static_cast<unsigned short>(index)) != FREEXL_OK ||
            freexl_worksheet_dimensions(handle_.get(), &rows_, &columns_) != FREEXL_OK) {
            handle_.reset();
            return fail(Error::invalid("the .xls file is damaged: cannot select sheet " + std::to_string(index + 1)));
        }
        if (rows_ > limits_.max_rows || columns_ > limits_.max_columns) {
            handle_.reset();
            return fail(Error::invalid("refused: the sheet is larger than the import limits"));
        }
        next_ = 0;
        opened_ = true;
        return ok();
    }

    Result<bool> next_row(Row& row) override {
        if (!opened_) {
            return fail(Error::invalid("no sheet is open"));
        }
        while (next_ < rows_) {
            unsigned int index = next_++;
            row.clear();
            row.number = index + 1;
            std::size_t row_bytes = 0;
            for (unsigned short column = 0; column < columns_; ++column) {
                FreeXL_CellValue value;
                if (freexl_get_cell_value(handle_.get(), index, column, &value) != FREEXL_OK) {
                    return fail(Error::invalid("the .xls file is damaged near row " + std::to_string(index + 1)));
                }
                Cell cell = to_cell(value);
                if (cell.empty()) {
                    continue;
                }
                if (cell.text.size() > limits_.max_cell_bytes) {
                    return fail(Error::invalid(
                        "refused: a cell in row " + std::to_string(index + 1) + " is longer than " +
                        std::to_string(limits_.max_cell_bytes) + " bytes"
                    ));
                }
                row_bytes += cell.text.size() + sizeof(Cell);
                if (row_bytes > limits_.max_row_bytes) {
                    return fail(Error::invalid("refused: row " + std::to_string(index + 1) + " holds too much data"));
                }
                row.cells.resize(column + 1u);
                row.cells[column] = std::move(cell);
            }
            if (!row.empty()) {
                return true;
            }
        }
        return false;
    }

    const SheetLayout& layout() const override { return layout_; }

private:
    static Cell to_cell(const FreeXL_CellValue& value) {
        Cell cell;
        switch (value.type) {
            case FREEXL_CELL_INT:
                cell.type = CellType::Number;
                cell.number = value.value.int_value;
                cell.text = std::to_string(value.value.int_value);
                break;
            case FREEXL_CELL_DOUBLE:
                cell.type = CellType::Number;
                cell.number = value.value.double_value;
                cell.text = number_text(value.value.double_value);
                break;
            case FREEXL_CELL_TEXT:
            case FREEXL_CELL_SST_TEXT:
                if (value.value.text_value != nullptr && value.value.text_value[0] != '\0') {
                    cell.type = CellType::Text;
                    cell.text = value.value.text_value;
                }
                break;
            case FREEXL_CELL_DATE:
                cell.type = CellType::Date;
                cell.text = value.value.text_value != nullptr ? value.value.text_value : "";
                break;
            case FREEXL_CELL_DATETIME:
                cell.type = CellType::DateTime;
                cell.text = value.value.text_value != nullptr ? value.value.text_value : "";
                if (cell.text.size() > 10 && cell.text[10] == ' ') {
                    cell.text[10] = 'T';
                }
                break;
            case FREEXL_CELL_TIME:
                cell.type = CellType::Time;
                cell.text = value.value.text_value != nullptr ? value.value.text_value : "";
                break;
            default:
                break;
        }
        return cell;
    }

    std::filesystem::path path_;
    Limits limits_;
    std::vector<SheetInfo> sheets_;
    FreexlHandle handle_;
    bool opened_ = false;
    unsigned int rows_ = 0;
    unsigned short columns_ = 0;
    unsigned int next_ = 0;
    SheetLayout layout_;
};

}  // namespace

Result<std::unique_ptr<SheetReader>> open_xls(const std::filesystem::path& path, const Limits& limits) {
    auto reader = std::make_unique<XlsReader>(path, limits);
    if (auto loaded = reader->load(); !loaded) {
        return fail(loaded.error());
    }
    return std::unique_ptr<SheetReader>(std::move(reader));
}

}  // namespace kartoteka::importer
