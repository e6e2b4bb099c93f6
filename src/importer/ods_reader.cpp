#include "importer/ods_reader.hpp"

#include <cstring>
#include <deque>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "importer/cell_values.hpp"
#include "importer/xml_parser.hpp"

namespace kartoteka::importer {

namespace {

constexpr std::string_view kContentPath = "content.xml";

std::uint64_t parse_count(const char* text) {
    if (text == nullptr) {
        return 1;
    }
    std::uint64_t value = 0;
    for (const char* c = text; *c != '\0'; ++c) {
        if (*c < '0' || *c > '9') {
            return 1;
        }
        value = value * 10 + static_cast<std::uint64_t>(*c - '0');
        if (value > (1ull << 40)) {
            return value;  // absurd; the caller's limits reject or clamp it
        }
    }
    return value == 0 ? 1 : value;
}

bool is_hidden_visibility(const char* visibility) {
    return visibility != nullptr && std::strcmp(visibility, "visible") != 0;
}

/// "2019-12-22" or "2019-12-22T10:30:00.123" -> cell; the serial counts from ODF's default null date 1899-12-30.
Cell date_cell(std::string_view value) {
    Cell cell;
    if (value.size() < 10) {
        cell.type = CellType::Text;
        cell.text = value;
        return cell;
    }
    std::string date(value.substr(0, 10));
    auto year = parse_number(date.substr(0, 4));
    auto month = parse_number(date.substr(5, 2));
    auto day = parse_number(date.substr(8, 2));
    if (year && month && day && *month >= 1 && *month <= 12 && *day >= 1 && *day <= 31) {
        cell.number = static_cast<double>(
            days_from_civil(
                static_cast<std::int64_t>(*year), static_cast<unsigned>(*month), static_cast<unsigned>(*day)
            ) -
            days_from_civil(1899, 12, 30)
        );
    }
    if (value.size() >= 19 && value[10] == 'T') {
        std::string time(value.substr(11, 8));
        if (time != "00:00:00" || value.size() > 19) {
            cell.type = CellType::DateTime;
            cell.text = date + "T" + time;
            return cell;
        }
    }
    cell.type = CellType::Date;
    cell.text = date;
    return cell;
}

/// "PT12H30M05S" (also "PT36H00M00S" for elapsed time) -> "12:30:05".
Cell time_cell(std::string_view value) {
    Cell cell;
    cell.type = CellType::Time;
    std::uint64_t parts[3] = {0, 0, 0};
    int part = -1;
    std::uint64_t current = 0;
    bool fraction = false;
    for (char c : value) {
        if (c >= '0' && c <= '9') {
            if (!fraction && current < 1'000'000) {
                current = current * 10 + static_cast<std::uint64_t>(c - '0');
            }
        } else if (c == '.') {
            fraction = true;
        } else if (c == 'H' || c == 'M' || c == 'S') {
            part = c == 'H' ? 0 : c == 'M' ? 1 : 2;
            parts[part] = current;
            current = 0;
            fraction = false;
        }
    }
    char text[32];
    std::snprintf(
        text,
        sizeof text,
        "%02llu:%02llu:%02llu",
        static_cast<unsigned long long>(parts[0]),
        static_cast<unsigned long long>(parts[1]),
        static_cast<unsigned long long>(parts[2])
    );
    cell.text = text;
    cell.number = static_cast<double>(parts[0] * 3600 + parts[1] * 60 + parts[2]) / 86400.0;
    return cell;
}

/// First pass: the names of the tables and which are hidden (their style says display="false").
class TableListHandler : public XmlHandler {
public:
    TableListHandler(const Limits& limits, XmlParser*& parser) : limits_(limits), parser_(parser) {}

    void on_start(std::string_view name, const XmlAttributes& attributes) override {
        if (name == "style") {
            const char* style_name = attributes.get("name");
            current_style_ = style_name != nullptr ? style_name : "";
        } else if (name == "table-properties") {
            const char* display = attributes.get("display");
            if (display != nullptr && std::strcmp(display, "false") == 0) {
                hidden_styles_.insert(current_style_);
            }
        } else if (name == "table" && depth_in_table_ == 0) {
            if (sheets.size() >= limits_.max_sheets) {
                parser_->abort(
                    Error::invalid("refused: the file has more than " + std::to_string(limits_.max_sheets) + " sheets")
                );
                return;
            }
            const char* table_name = attributes.get("name");
            const char* style = attributes.get("style-name");
            sheets.push_back(SheetInfo{
                table_name != nullptr ? table_name : "", style != nullptr && hidden_styles_.count(style) > 0});
            ++depth_in_table_;
        } else if (name == "table") {
            ++depth_in_table_;
        }
    }
    void on_end(std::string_view name) override {
        if (name == "table" && depth_in_table_ > 0) {
            --depth_in_table_;
        }
    }

    std::vector<SheetInfo> sheets;

private:
    const Limits& limits_;
    XmlParser*& parser_;
    std::string current_style_;
    std::set<std::string> hidden_styles_;
    int depth_in_table_ = 0;
};

struct PendingRow {
    Row row;
    std::uint32_t repeat = 1;
};

class TableHandler : public XmlHandler {
public:
    TableHandler(std::size_t table_index, const Limits& limits) : table_index_(table_index), limits_(limits) {}

    void attach(XmlParser* parser) { parser_ = parser; }
    std::deque<PendingRow>& ready() { return ready_; }
    SheetLayout& layout() { return layout_; }

    void on_start(std::string_view name, const XmlAttributes& attributes) override {
        if (name == "table") {
            if (table_depth_ == 0 && tables_seen_++ == table_index_) {
                active_ = true;
            }
            ++table_depth_;
            return;
        }
        if (!active_ || table_depth_ != 1) {
            return;
        }
        if (annotation_depth_ > 0) {
            if (name == "annotation") {
                ++annotation_depth_;
            }
            return;
        }
        if (name == "table-row") {
            start_row(attributes);
        } else if (name == "table-cell" || name == "covered-table-cell") {
            start_cell(attributes, name == "covered-table-cell");
        } else if (name == "annotation") {
            ++annotation_depth_;  // comments are not cell values
        } else if (in_cell_) {
            if (name == "p") {
                if (paragraphs_++ > 0) {
                    add_text("\n");
                }
            } else if (name == "s") {
                std::uint64_t count =
                    std::min<std::uint64_t>(parse_count(attributes.get("c")), limits_.max_cell_bytes + 1);
                add_text(std::string(count, ' '));
            } else if (name == "tab") {
                add_text("\t");
            } else if (name == "line-break") {
                add_text("\n");
            }
        } else if (name == "table-column") {
            std::uint64_t repeat = parse_count(attributes.get("number-columns-repeated"));
            if (is_hidden_visibility(attributes.get("visibility"))) {
                for (std::uint64_t i = 0; i < repeat && next_column_ + i < limits_.max_columns; ++i) {
                    layout_.hidden_columns.push_back(static_cast<std::uint32_t>(next_column_ + i));
                }
            }
            next_column_ += repeat;
        }
    }

    void on_end(std::string_view name) override {
        if (name == "table") {
            --table_depth_;
            if (active_ && table_depth_ == 0) {
                parser_->finish();
            }
            return;
        }
        if (!active_ || table_depth_ != 1) {
            return;
        }
        if (annotation_depth_ > 0) {
            if (name == "annotation") {
                --annotation_depth_;
            }
            return;
        }
        if (name == "table-cell" || name == "covered-table-cell") {
            end_cell();
        } else if (name == "table-row") {
            end_row();
        }
    }

    void on_text(std::string_view text) override {
        if (in_cell_ && paragraphs_ > 0 && annotation_depth_ == 0) {
            add_text(text);
        }
    }

private:
    void fail_with(Error error) { parser_->abort(std::move(error)); }

    void add_text(std::string_view text) {
        if (!text_too_long_ && !append_bounded(text_, text, limits_.max_cell_bytes)) {
            text_too_long_ = true;
        }
    }

    void start_row(const XmlAttributes& attributes) {
        row_ = Row{};
        row_.number = static_cast<std::uint32_t>(std::min<std::uint64_t>(next_row_, 0xFFFFFFFFu));
        row_.hidden = is_hidden_visibility(attributes.get("visibility"));
        row_repeat_ = parse_count(attributes.get("number-rows-repeated"));
        column_ = 0;
        row_bytes_ = 0;
    }

    void start_cell(const XmlAttributes& attributes, bool covered) {
        in_cell_ = true;
        covered_ = covered;
        text_.clear();
        text_too_long_ = false;
        paragraphs_ = 0;
        cell_repeat_ = parse_count(attributes.get("number-columns-repeated"));
        value_type_ = attributes.get("value-type") != nullptr ? attributes.get("value-type") : "";
        auto copy = [](const char* value) {
            return value != nullptr ? std::string(value) : std::string();
        };
        value_ = copy(attributes.get("value"));
        date_value_ = copy(attributes.get("date-value"));
        time_value_ = copy(attributes.get("time-value"));
        boolean_value_ = copy(attributes.get("boolean-value"));
        const char* string_value = attributes.get("string-value");
        has_string_value_ = string_value != nullptr;
        string_value_ = copy(string_value);

        std::uint64_t columns_spanned = parse_count(attributes.get("number-columns-spanned"));
        std::uint64_t rows_spanned = parse_count(attributes.get("number-rows-spanned"));
        if (!covered && (columns_spanned > 1 || rows_spanned > 1) && column_ < limits_.max_columns) {
            std::uint64_t last_column = std::min<std::uint64_t>(column_ + columns_spanned - 1, limits_.max_columns - 1);
            std::uint64_t last_row = std::min<std::uint64_t>(row_.number + rows_spanned - 1, limits_.max_rows);
            if (layout_.merged_ranges.size() < limits_.max_rows) {
                layout_.merged_ranges.push_back(CellRange{
                    row_.number,
                    static_cast<std::uint32_t>(column_),
                    static_cast<std::uint32_t>(last_row),
                    static_cast<std::uint32_t>(last_column)});
            }
        }
    }

    Cell make_cell() {
        Cell cell;
        if (value_type_ == "float" || value_type_ == "percentage" || value_type_ == "currency") {
            auto number = parse_number(value_);
            if (number) {
                cell.type = CellType::Number;
                cell.number = *number;
                cell.text = number_text(*number);
            } else {
                cell.type = CellType::Text;
                cell.text = text_;
            }
        } else if (value_type_ == "date") {
            cell = date_cell(date_value_);
        } else if (value_type_ == "time") {
            cell = time_cell(time_value_);
        } else if (value_type_ == "boolean") {
            cell.type = CellType::Boolean;
            cell.number = boolean_value_ == "true" ? 1 : 0;
            cell.text = cell.number != 0 ? "TRUE" : "FALSE";
        } else if (has_string_value_) {
            cell.type = CellType::Text;
            cell.text = string_value_;
        } else if (!text_.empty()) {
            cell.type = CellType::Text;
            cell.text = text_;
        }
        if (!cell.empty()) {
            cell.display = text_;
        }
        return cell;
    }

    void end_cell() {
        in_cell_ = false;
        if (text_too_long_ || string_value_.size() > limits_.max_cell_bytes) {
            fail_with(Error::invalid(
                "refused: a cell in row " + std::to_string(row_.number) + " is longer than " +
                std::to_string(limits_.max_cell_bytes) + " bytes"
            ));
            return;
        }
        Cell cell = covered_ ? Cell{} : make_cell();
        if (!cell.empty()) {
            if (column_ + cell_repeat_ > limits_.max_columns) {
                fail_with(Error::invalid(
                    "refused: row " + std::to_string(row_.number) + " has more than " +
                    std::to_string(limits_.max_columns) + " columns"
                ));
                return;
            }
            row_bytes_ += (cell.text.size() + cell.display.size() + sizeof(Cell)) * cell_repeat_;
            if (row_bytes_ > limits_.max_row_bytes) {
                fail_with(Error::invalid("refused: row " + std::to_string(row_.number) + " holds too much data"));
                return;
            }
            row_.cells.resize(column_ + cell_repeat_);
            for (std::uint64_t i = 0; i < cell_repeat_; ++i) {
                row_.cells[column_ + i] = cell;
            }
        }
        column_ += cell_repeat_;
    }

    void end_row() {
        if (!row_.empty()) {
            std::uint64_t last = next_row_ + row_repeat_ - 1;
            if (last > limits_.max_rows) {
                fail_with(
                    Error::invalid("refused: the sheet has more than " + std::to_string(limits_.max_rows) + " rows")
                );
                return;
            }
            if (row_.hidden) {
                for (std::uint64_t number = next_row_; number <= last && layout_.hidden_rows.size() < limits_.max_rows;
                     ++number) {
                    layout_.hidden_rows.push_back(static_cast<std::uint32_t>(number));
                }
            }
            ready_.push_back(PendingRow{std::move(row_), static_cast<std::uint32_t>(row_repeat_)});
        }
        // Empty rows, however often repeated (LibreOffice pads sheets to 1,048,576 rows), only advance the count.
        next_row_ += row_repeat_;
    }

    std::size_t table_index_;
    const Limits& limits_;
    XmlParser* parser_ = nullptr;
    std::deque<PendingRow> ready_;
    SheetLayout layout_;

    std::size_t tables_seen_ = 0;
    int table_depth_ = 0;
    bool active_ = false;
    int annotation_depth_ = 0;
    std::uint64_t next_column_ = 0;  // for table-column

    Row row_;
    std::uint64_t next_row_ = 1;
    std::uint64_t row_repeat_ = 1;
    std::uint64_t column_ = 0;
    std::size_t row_bytes_ = 0;

    bool in_cell_ = false;
    bool covered_ = false;
    std::uint64_t cell_repeat_ = 1;
    int paragraphs_ = 0;
    std::string text_;
    bool text_too_long_ = false;
    std::string value_type_;
    std::string value_;
    std::string date_value_;
    std::string time_value_;
    std::string boolean_value_;
    std::string string_value_;
    bool has_string_value_ = false;
};

class OdsReader : public SheetReader {
public:
    OdsReader(ZipArchive archive, const Limits& limits) : archive_(std::move(archive)), limits_(limits) {}

    Result<void> load_sheet_list() {
        XmlParser* parser = nullptr;
        TableListHandler handler(limits_, parser);
        auto entry = archive_.open_entry(kContentPath, limits_.max_entry_bytes, limits_);
        if (!entry) {
            return fail(entry.error());
        }
        XmlParser xml(handler, std::string(kContentPath));
        parser = &xml;
        for (;;) {
            auto chunk = (*entry)->next_chunk();
            if (!chunk) {
                return fail(chunk.error());
            }
            if (auto fed = xml.feed(*chunk, chunk->empty()); !fed) {
                return fed;
            }
            if (chunk->empty()) {
                break;
            }
        }
        if (handler.sheets.empty()) {
            return fail(Error::invalid("the spreadsheet has no sheet"));
        }
        sheets_ = std::move(handler.sheets);
        return ok();
    }

    Format format() const override { return Format::Ods; }
    const std::vector<SheetInfo>& sheets() const override { return sheets_; }

    Result<void> open(std::size_t index) override {
        if (index >= sheets_.size()) {
            return fail(Error::not_found("the spreadsheet has no sheet number " + std::to_string(index + 1)));
        }
        parser_.reset();
        handler_.reset();
        entry_.reset();
        auto entry = archive_.open_entry(kContentPath, limits_.max_entry_bytes, limits_);
        if (!entry) {
            return fail(entry.error());
        }
        entry_ = std::move(*entry);
        handler_ = std::make_unique<TableHandler>(index, limits_);
        parser_ = std::make_unique<XmlParser>(*handler_, std::string(kContentPath));
        handler_->attach(parser_.get());
        at_end_ = false;
        return ok();
    }

    Result<bool> next_row(Row& row) override {
        if (!handler_) {
            return fail(Error::invalid("no sheet is open"));
        }
        auto& ready = handler_->ready();
        while (ready.empty() && !at_end_) {
            auto chunk = entry_->next_chunk();
            if (!chunk) {
                at_end_ = true;
                return fail(chunk.error());
            }
            auto fed = parser_->feed(*chunk, chunk->empty());
            if (!fed) {
                at_end_ = true;
                ready.clear();
                return fail(fed.error());
            }
            if (chunk->empty() || parser_->finished()) {
                at_end_ = true;
            }
        }
        if (ready.empty()) {
            return false;
        }
        PendingRow& pending = ready.front();
        if (pending.repeat == 1) {
            row = std::move(pending.row);
            ready.pop_front();
        } else {
            row = pending.row;
            --pending.repeat;
            ++pending.row.number;
        }
        return true;
    }

    const SheetLayout& layout() const override { return handler_ ? handler_->layout() : empty_layout_; }

private:
    ZipArchive archive_;
    Limits limits_;
    std::vector<SheetInfo> sheets_;
    std::unique_ptr<ZipEntry> entry_;
    std::unique_ptr<TableHandler> handler_;
    std::unique_ptr<XmlParser> parser_;
    bool at_end_ = true;
    SheetLayout empty_layout_;
};

}  // namespace

Result<std::unique_ptr<SheetReader>> open_ods(ZipArchive archive, const Limits& limits) {
    auto reader = std::make_unique<OdsReader>(std::move(archive), limits);
    if (auto loaded = reader->load_sheet_list(); !loaded) {
        return fail(loaded.error());
    }
    return std::unique_ptr<SheetReader>(std::move(reader));
}

}  // namespace kartoteka::importer
