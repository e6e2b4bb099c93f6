#include "importer/xlsx_reader.hpp"

#include <cstring>
#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "importer/cell_values.hpp"
#include "importer/xml_parser.hpp"

namespace kartoteka::importer {

namespace {

constexpr std::string_view kWorkbookPath = "xl/workbook.xml";
constexpr std::string_view kWorkbookRelsPath = "xl/_rels/workbook.xml.rels";
constexpr std::string_view kStylesPath = "xl/styles.xml";
constexpr std::string_view kSharedStringsPath = "xl/sharedStrings.xml";

bool is_true(const char* value) {
    return value != nullptr && (std::strcmp(value, "1") == 0 || std::strcmp(value, "true") == 0);
}

std::optional<std::uint32_t> parse_unsigned(std::string_view text) {
    if (text.empty() || text.size() > 10) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (value > 0xFFFFFFFFu) {
        return std::nullopt;
    }
    return static_cast<std::uint32_t>(value);
}

/// "AB12" -> column 27 (0-based), row 12. Either part may be missing ("AB", "12").
struct CellReference {
    std::optional<std::uint32_t> column;
    std::optional<std::uint32_t> row;
};

CellReference parse_reference(std::string_view text) {
    CellReference reference;
    std::size_t i = 0;
    std::uint64_t column = 0;
    while (i < text.size() && ((text[i] >= 'A' && text[i] <= 'Z') || (text[i] >= 'a' && text[i] <= 'z')) && i < 4) {
        char upper = static_cast<char>(text[i] & ~0x20);
        column = column * 26 + static_cast<std::uint64_t>(upper - 'A' + 1);
        ++i;
    }
    if (i > 0) {
        reference.column = static_cast<std::uint32_t>(column - 1);
    }
    while (i < text.size() && text[i] == '$') {
        ++i;
    }
    if (i < text.size()) {
        reference.row = parse_unsigned(text.substr(i));
    }
    return reference;
}

std::string resolve_target(std::string_view target) {
    if (!target.empty() && target.front() == '/') {
        return std::string(target.substr(1));
    }
    std::string path = "xl/";
    while (target.substr(0, 3) == "../") {
        target.remove_prefix(3);
        path.clear();  // xl/../x = x
    }
    path.append(target);
    return path;
}

Result<void> parse_part(
    const ZipArchive& archive, std::string_view name, const Limits& limits, XmlHandler& handler, std::uint64_t max_bytes
) {
    auto entry = archive.open_entry(name, max_bytes, limits);
    if (!entry) {
        return fail(entry.error());
    }
    XmlParser parser(handler, std::string(name));
    for (;;) {
        auto chunk = (*entry)->next_chunk();
        if (!chunk) {
            return fail(chunk.error());
        }
        auto fed = parser.feed(*chunk, chunk->empty());
        if (!fed) {
            return fed;
        }
        if (chunk->empty() || parser.finished()) {
            return ok();
        }
    }
}

struct WorkbookSheet {
    std::string name;
    std::string relationship_id;
    bool hidden = false;
};

class WorkbookHandler : public XmlHandler {
public:
    void on_start(std::string_view name, const XmlAttributes& attributes) override {
        if (name == "sheet") {
            WorkbookSheet sheet;
            const char* sheet_name = attributes.get("name");
            const char* id = attributes.get("id");
            const char* state = attributes.get("state");
            sheet.name = sheet_name != nullptr ? sheet_name : "";
            sheet.relationship_id = id != nullptr ? id : "";
            sheet.hidden = state != nullptr && std::strcmp(state, "visible") != 0;
            sheets.push_back(std::move(sheet));
        } else if (name == "workbookPr") {
            date1904 = is_true(attributes.get("date1904"));
        }
    }
    void on_end(std::string_view) override {}

    std::vector<WorkbookSheet> sheets;
    bool date1904 = false;
};

class RelationshipsHandler : public XmlHandler {
public:
    void on_start(std::string_view name, const XmlAttributes& attributes) override {
        if (name != "Relationship") {
            return;
        }
        const char* id = attributes.get("Id");
        const char* target = attributes.get("Target");
        const char* type = attributes.get("Type");
        const char* mode = attributes.get("TargetMode");
        if (id == nullptr || target == nullptr || type == nullptr ||
            (mode != nullptr && std::strcmp(mode, "External") == 0)) {
            return;
        }
        std::string_view type_view(type);
        if (type_view.size() >= 10 && type_view.substr(type_view.size() - 10) == "/worksheet") {
            worksheets[id] = resolve_target(target);
        }
    }
    void on_end(std::string_view) override {}

    std::map<std::string, std::string> worksheets;
};

class StylesHandler : public XmlHandler {
public:
    void on_start(std::string_view name, const XmlAttributes& attributes) override {
        if (name == "numFmt") {
            const char* id = attributes.get("numFmtId");
            const char* code = attributes.get("formatCode");
            if (id != nullptr && code != nullptr) {
                if (auto number = parse_unsigned(id)) {
                    custom_formats[*number] = classify_format_code(code);
                }
            }
        } else if (name == "cellXfs") {
            in_cell_xfs_ = true;
        } else if (name == "xf" && in_cell_xfs_) {
            const char* id = attributes.get("numFmtId");
            std::uint32_t format = 0;
            if (id != nullptr) {
                format = parse_unsigned(id).value_or(0);
            }
            formats.push_back(format);
        }
    }
    void on_end(std::string_view name) override {
        if (name == "cellXfs") {
            in_cell_xfs_ = false;
        }
    }

    std::map<std::uint32_t, DateKind> custom_formats;
    std::vector<std::uint32_t> formats;  // number format id of each cellXfs entry

private:
    bool in_cell_xfs_ = false;
};

/// The shared strings, packed into one buffer: a vector of std::string would double the memory.
struct SharedStrings {
    std::string text;
    std::vector<std::size_t> ends;

    std::string_view at(std::size_t index) const {
        std::size_t begin = index == 0 ? 0 : ends[index - 1];
        return std::string_view(text).substr(begin, ends[index] - begin);
    }
};

class SharedStringsHandler : public XmlHandler {
public:
    SharedStringsHandler(SharedStrings& strings, const Limits& limits, XmlParser*& parser)
        : strings_(strings),
          limits_(limits),
          parser_(parser) {}

    void on_start(std::string_view name, const XmlAttributes&) override {
        if (name == "si") {
            in_item_ = true;
        } else if (name == "rPh") {
            ++phonetic_depth_;  // furigana hints are not part of the value
        } else if (name == "t" && in_item_ && phonetic_depth_ == 0) {
            in_text_ = true;
        }
    }
    void on_end(std::string_view name) override {
        if (name == "si") {
            if (strings_.ends.size() >= limits_.max_shared_strings) {
                parser_->abort(Error{ErrorCode::ResourceExhausted, "refused: the workbook has too many distinct texts"}
                );
                return;
            }
            strings_.ends.push_back(strings_.text.size());
            in_item_ = false;
            item_bytes_ = 0;
        } else if (name == "rPh") {
            --phonetic_depth_;
        } else if (name == "t") {
            in_text_ = false;
        }
    }
    void on_text(std::string_view text) override {
        if (!in_text_) {
            return;
        }
        item_bytes_ += text.size();
        if (item_bytes_ > limits_.max_cell_bytes) {
            parser_->abort(Error::invalid(
                "refused: a text in the workbook is longer than " + std::to_string(limits_.max_cell_bytes) + " bytes"
            ));
            return;
        }
        if (!append_bounded(strings_.text, text, limits_.max_shared_strings_bytes)) {
            parser_->abort(Error{
                ErrorCode::ResourceExhausted,
                "refused: the workbook's shared texts exceed " +
                    std::to_string(limits_.max_shared_strings_bytes >> 20) + " MiB"});
        }
    }

private:
    SharedStrings& strings_;
    const Limits& limits_;
    XmlParser*& parser_;
    bool in_item_ = false;
    bool in_text_ = false;
    int phonetic_depth_ = 0;
    std::size_t item_bytes_ = 0;
};

class XlsxReader;

/// Turns the events of one worksheet part into rows.
class SheetHandler : public XmlHandler {
public:
    SheetHandler(XlsxReader& reader, const Limits& limits) : reader_(reader), limits_(limits) {}

    void on_start(std::string_view name, const XmlAttributes& attributes) override;
    void on_end(std::string_view name) override;
    void on_text(std::string_view text) override;

    void attach(XmlParser* parser) { parser_ = parser; }
    std::deque<Row>& ready() { return ready_; }
    SheetLayout& layout() { return layout_; }

private:
    void fail_with(Error error) { parser_->abort(std::move(error)); }
    void finish_cell();

    XlsxReader& reader_;
    const Limits& limits_;
    XmlParser* parser_ = nullptr;
    std::deque<Row> ready_;
    SheetLayout layout_;

    Row row_;
    bool in_row_ = false;
    std::uint32_t last_row_number_ = 0;
    std::size_t row_bytes_ = 0;

    bool in_cell_ = false;
    std::uint32_t column_ = 0;
    std::int64_t last_column_ = -1;
    std::string type_;
    std::uint32_t style_ = 0;
    std::string value_;
    bool capture_ = false;
    bool in_inline_string_ = false;
    int phonetic_depth_ = 0;
    bool value_too_long_ = false;
};

class XlsxReader : public SheetReader {
public:
    XlsxReader(ZipArchive archive, const Limits& limits) : archive_(std::move(archive)), limits_(limits) {}

    Result<void> load_workbook();

    Format format() const override { return Format::Xlsx; }
    const std::vector<SheetInfo>& sheets() const override { return sheets_; }
    Result<void> open(std::size_t index) override;
    Result<bool> next_row(Row& row) override;
    const SheetLayout& layout() const override { return handler_ ? handler_->layout() : empty_layout_; }

    DateKind date_kind(std::uint32_t style) const {
        return style < style_kinds_.size() ? style_kinds_[style] : DateKind::None;
    }
    DateSystem date_system() const { return date1904_ ? DateSystem::Excel1904 : DateSystem::Excel1900; }
    const SharedStrings& shared_strings() const { return shared_strings_; }

private:
    Result<void> load_shared_strings();

    ZipArchive archive_;
    Limits limits_;
    std::vector<SheetInfo> sheets_;
    std::vector<std::string> sheet_paths_;
    bool date1904_ = false;
    std::vector<DateKind> style_kinds_;
    SharedStrings shared_strings_;
    bool shared_strings_loaded_ = false;

    std::unique_ptr<ZipEntry> entry_;
    std::unique_ptr<SheetHandler> handler_;
    std::unique_ptr<XmlParser> parser_;
    bool at_end_ = true;
    SheetLayout empty_layout_;
};

void SheetHandler::on_start(std::string_view name, const XmlAttributes& attributes) {
    if (name == "c" && in_row_) {
        in_cell_ = true;
        value_.clear();
        value_too_long_ = false;
        const char* reference = attributes.get("r");
        std::optional<std::uint32_t> column;
        if (reference != nullptr) {
            column = parse_reference(reference).column;
        }
        std::int64_t next = column ? static_cast<std::int64_t>(*column) : last_column_ + 1;
        if (next >= static_cast<std::int64_t>(limits_.max_columns)) {
            fail_with(Error::invalid(
                "refused: row " + std::to_string(row_.number) + " has more than " +
                std::to_string(limits_.max_columns) + " columns"
            ));
            return;
        }
        column_ = static_cast<std::uint32_t>(next);
        last_column_ = next;
        const char* type = attributes.get("t");
        type_ = type != nullptr ? type : "n";
        const char* style = attributes.get("s");
        style_ = style != nullptr ? parse_unsigned(style).value_or(0) : 0;
    } else if (name == "v" && in_cell_) {
        capture_ = true;
    } else if (name == "is" && in_cell_) {
        in_inline_string_ = true;
    } else if (name == "rPh") {
        ++phonetic_depth_;
    } else if (name == "t" && in_inline_string_ && phonetic_depth_ == 0) {
        capture_ = true;
    } else if (name == "row") {
        in_row_ = true;
        row_.clear();
        row_bytes_ = 0;
        last_column_ = -1;
        const char* number = attributes.get("r");
        std::optional<std::uint32_t> parsed;
        if (number != nullptr) {
            parsed = parse_unsigned(number);
        }
        std::uint64_t row_number = parsed ? *parsed : static_cast<std::uint64_t>(last_row_number_) + 1;
        if (row_number == 0 || row_number > limits_.max_rows) {
            fail_with(Error::invalid(
                "refused: the sheet has more than " + std::to_string(limits_.max_rows) + " rows (or a bad row number)"
            ));
            return;
        }
        row_.number = static_cast<std::uint32_t>(row_number);
        last_row_number_ = row_.number;
        row_.hidden = is_true(attributes.get("hidden"));
    } else if (name == "col") {
        if (!is_true(attributes.get("hidden"))) {
            return;
        }
        const char* min = attributes.get("min");
        const char* max = attributes.get("max");
        std::uint32_t first = min != nullptr ? parse_unsigned(min).value_or(0) : 0;
        std::uint32_t last = max != nullptr ? parse_unsigned(max).value_or(first) : first;
        // Columns are 1-based here; the range is clamped so a hostile max cannot make a huge list.
        last = std::min(last, limits_.max_columns);
        // Overlapping or repeated <col> elements could list a column many times: the list stays within one
        // entry per possible column.
        for (std::uint32_t column = std::max<std::uint32_t>(first, 1);
             column <= last && layout_.hidden_columns.size() < limits_.max_columns;
             ++column) {
            layout_.hidden_columns.push_back(column - 1);
        }
    } else if (name == "mergeCell") {
        const char* reference = attributes.get("ref");
        if (reference == nullptr) {
            return;
        }
        std::string_view text(reference);
        std::size_t colon = text.find(':');
        CellReference first = parse_reference(text.substr(0, colon));
        CellReference last = colon == std::string_view::npos ? first : parse_reference(text.substr(colon + 1));
        // A hostile sheet can repeat mergeCell endlessly; a real one has far fewer ranges than rows.
        if (first.column && first.row && last.column && last.row && layout_.merged_ranges.size() < limits_.max_rows) {
            layout_.merged_ranges.push_back(CellRange{*first.row, *first.column, *last.row, *last.column});
        }
    }
}

void SheetHandler::on_text(std::string_view text) {
    if (!capture_ || value_too_long_) {
        return;
    }
    if (!append_bounded(value_, text, limits_.max_cell_bytes)) {
        value_too_long_ = true;
    }
}

void SheetHandler::on_end(std::string_view name) {
    if (name == "v" || name == "t") {
        capture_ = false;
    } else if (name == "is") {
        in_inline_string_ = false;
    } else if (name == "rPh") {
        --phonetic_depth_;
    } else if (name == "c" && in_cell_) {
        in_cell_ = false;
        finish_cell();
    } else if (name == "row" && in_row_) {
        in_row_ = false;
        if (!row_.empty()) {
            if (row_.hidden && layout_.hidden_rows.size() < limits_.max_rows) {
                layout_.hidden_rows.push_back(row_.number);
            }
            ready_.push_back(std::move(row_));
            row_ = Row{};
        }
    } else if (name == "sheetData") {
        // mergeCells follow; keep parsing to collect them.
    }
}

void SheetHandler::finish_cell() {
    if (value_too_long_) {
        fail_with(Error::invalid(
            "refused: a cell in row " + std::to_string(row_.number) + " is longer than " +
            std::to_string(limits_.max_cell_bytes) + " bytes"
        ));
        return;
    }
    Cell cell;
    if (type_ == "s") {
        auto index = parse_unsigned(value_);
        if (!index) {
            return;  // <c t="s"/> without a value: an empty, styled cell
        }
        const SharedStrings& strings = reader_.shared_strings();
        if (*index >= strings.ends.size()) {
            fail_with(Error::invalid(
                "the file is damaged: row " + std::to_string(row_.number) + " refers to a missing shared text"
            ));
            return;
        }
        cell.type = CellType::Text;
        cell.text = strings.at(*index);
    } else if (type_ == "inlineStr" || type_ == "str") {
        if (value_.empty()) {
            return;
        }
        cell.type = CellType::Text;
        cell.text = std::move(value_);
    } else if (type_ == "b") {
        if (value_.empty()) {
            return;
        }
        cell.type = CellType::Boolean;
        cell.number = value_ == "1" || value_ == "true" ? 1 : 0;
        cell.text = cell.number != 0 ? "TRUE" : "FALSE";
    } else if (type_ == "e") {
        cell.type = CellType::Error;
        cell.text = std::move(value_);
    } else if (type_ == "d") {
        if (value_.empty()) {
            return;
        }
        cell.type = value_.find('T') == std::string::npos ? CellType::Date : CellType::DateTime;
        cell.text = std::move(value_);
        if (cell.type == CellType::DateTime && cell.text.size() > 19) {
            cell.text.resize(19);  // drop fractional seconds and zone
        }
    } else {
        if (value_.empty()) {
            return;
        }
        auto number = parse_number(value_);
        if (!number) {
            cell.type = CellType::Text;  // not a number despite t="n": keep what is there rather than lose it
            cell.text = std::move(value_);
        } else {
            cell = serial_to_cell(*number, reader_.date_kind(style_), reader_.date_system());
        }
    }
    row_bytes_ += cell.text.size() + sizeof(Cell);
    if (row_bytes_ > limits_.max_row_bytes) {
        fail_with(Error::invalid("refused: row " + std::to_string(row_.number) + " holds too much data"));
        return;
    }
    if (row_.cells.size() <= column_) {
        row_.cells.resize(column_ + 1);
    }
    row_.cells[column_] = std::move(cell);
}

Result<void> XlsxReader::load_workbook() {
    WorkbookHandler workbook;
    if (auto parsed = parse_part(archive_, kWorkbookPath, limits_, workbook, limits_.max_metadata_entry_bytes);
        !parsed) {
        return parsed;
    }
    RelationshipsHandler relationships;
    if (auto parsed = parse_part(archive_, kWorkbookRelsPath, limits_, relationships, limits_.max_metadata_entry_bytes);
        !parsed) {
        return parsed;
    }
    date1904_ = workbook.date1904;
    for (const WorkbookSheet& sheet : workbook.sheets) {
        auto path = relationships.worksheets.find(sheet.relationship_id);
        if (path == relationships.worksheets.end()) {
            continue;  // chart sheets and dialog sheets hold no rows
        }
        if (sheets_.size() >= limits_.max_sheets) {
            return fail(
                Error::invalid("refused: the workbook has more than " + std::to_string(limits_.max_sheets) + " sheets")
            );
        }
        sheets_.push_back(SheetInfo{sheet.name, sheet.hidden});
        sheet_paths_.push_back(path->second);
    }
    if (sheets_.empty()) {
        return fail(Error::invalid("the workbook has no worksheet"));
    }
    if (archive_.contains(kStylesPath)) {
        StylesHandler styles;
        if (auto parsed = parse_part(archive_, kStylesPath, limits_, styles, limits_.max_metadata_entry_bytes);
            !parsed) {
            return parsed;
        }
        style_kinds_.reserve(styles.formats.size());
        for (std::uint32_t format : styles.formats) {
            auto custom = styles.custom_formats.find(format);
            style_kinds_.push_back(
                custom != styles.custom_formats.end() ? custom->second : classify_builtin_format(format)
            );
        }
    }
    return ok();
}

Result<void> XlsxReader::load_shared_strings() {
    shared_strings_loaded_ = true;
    if (!archive_.contains(kSharedStringsPath)) {
        return ok();
    }
    XmlParser* parser = nullptr;
    SharedStringsHandler handler(shared_strings_, limits_, parser);
    auto entry = archive_.open_entry(kSharedStringsPath, limits_.max_entry_bytes, limits_);
    if (!entry) {
        return fail(entry.error());
    }
    XmlParser xml(handler, std::string(kSharedStringsPath));
    parser = &xml;
    for (;;) {
        auto chunk = (*entry)->next_chunk();
        if (!chunk) {
            return fail(chunk.error());
        }
        if (auto fed = xml.feed(*chunk, chunk->empty()); !fed) {
            shared_strings_ = SharedStrings{};
            return fed;
        }
        if (chunk->empty()) {
            return ok();
        }
    }
}

Result<void> XlsxReader::open(std::size_t index) {
    if (index >= sheets_.size()) {
        return fail(Error::not_found("the workbook has no sheet number " + std::to_string(index + 1)));
    }
    if (!shared_strings_loaded_) {
        if (auto loaded = load_shared_strings(); !loaded) {
            return loaded;
        }
    }
    parser_.reset();
    handler_.reset();
    entry_.reset();
    auto entry = archive_.open_entry(sheet_paths_[index], limits_.max_entry_bytes, limits_);
    if (!entry) {
        return fail(entry.error());
    }
    entry_ = std::move(*entry);
    handler_ = std::make_unique<SheetHandler>(*this, limits_);
    parser_ = std::make_unique<XmlParser>(*handler_, sheet_paths_[index]);
    handler_->attach(parser_.get());
    at_end_ = false;
    return ok();
}

Result<bool> XlsxReader::next_row(Row& row) {
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
        if (chunk->empty()) {
            at_end_ = true;
        }
    }
    if (ready.empty()) {
        return false;
    }
    row = std::move(ready.front());
    ready.pop_front();
    return true;
}

}  // namespace

Result<std::unique_ptr<SheetReader>> open_xlsx(ZipArchive archive, const Limits& limits) {
    auto reader = std::make_unique<XlsxReader>(std::move(archive), limits);
    if (auto loaded = reader->load_workbook(); !loaded) {
        return fail(loaded.error());
    }
    return std::unique_ptr<SheetReader>(std::move(reader));
}

}  // namespace kartoteka::importer
