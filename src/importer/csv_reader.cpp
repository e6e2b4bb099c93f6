#include "importer/csv_reader.hpp"

#include <array>
#include <deque>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <csv.h>
#include <unicode/ucnv.h>

#include "importer/cell_values.hpp"

namespace kartoteka::importer {

namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr std::size_t kSampleBytes = 64 * 1024;
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

/// Length of the valid UTF-8 prefix; `complete` is false if it stops at a sequence cut off by the end.
std::size_t valid_utf8_prefix(std::string_view text, bool& cut_at_end) {
    cut_at_end = false;
    std::size_t i = 0;
    while (i < text.size()) {
        auto byte = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t minimum = 0;
        if (byte < 0x80) {
            ++i;
            continue;
        }
        if ((byte & 0xE0) == 0xC0) {
            length = 2;
            minimum = 0x80;
        } else if ((byte & 0xF0) == 0xE0) {
            length = 3;
            minimum = 0x800;
        } else if ((byte & 0xF8) == 0xF0) {
            length = 4;
            minimum = 0x10000;
        } else {
            return i;
        }
        if (i + length > text.size()) {
            cut_at_end = true;
            for (std::size_t k = i + 1; k < text.size(); ++k) {
                if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) {
                    cut_at_end = false;
                }
            }
            return i;
        }
        std::uint32_t code = byte & (0xFF >> (length + 1));
        for (std::size_t k = 1; k < length; ++k) {
            auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) {
                return i;
            }
            code = (code << 6) | (next & 0x3F);
        }
        if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return i;
        }
        i += length;
    }
    return i;
}

bool is_valid_utf8(std::string_view text) {
    bool cut = false;
    return valid_utf8_prefix(text, cut) == text.size();
}

/// Windows-1250 is a single-byte code page: one table built once through ICU decodes it.
const std::array<std::string, 256>& windows1250_table() {
    static const std::array<std::string, 256> table = [] {
        std::array<std::string, 256> result;
        UErrorCode status = U_ZERO_ERROR;
        for (int byte = 0; byte < 256; ++byte) {
            char input = static_cast<char>(byte);
            char output[8] = {};
            status = U_ZERO_ERROR;
            int32_t length = ucnv_convert("UTF-8", "windows-1250", output, sizeof output, &input, 1, &status);
            if (U_FAILURE(status) || length <= 0) {
                result[byte] = "\xEF\xBF\xBD";  // U+FFFD for the five unassigned bytes
            } else {
                result[byte].assign(output, static_cast<std::size_t>(length));
            }
        }
        return result;
    }();
    return table;
}

}  // namespace

bool looks_like_text(std::string_view sample) {
    for (char c : sample) {
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') {
            return false;
        }
        if (byte == 0x7F) {
            return false;
        }
    }
    return true;
}

CsvDialect detect_csv_dialect(std::string_view sample) {
    CsvDialect dialect;
    if (sample.substr(0, kUtf8Bom.size()) == kUtf8Bom) {
        dialect.bom = true;
        sample.remove_prefix(kUtf8Bom.size());
    } else {
        bool cut_at_end = false;
        std::size_t valid = valid_utf8_prefix(sample, cut_at_end);
        bool utf8 = valid == sample.size() || (cut_at_end && sample.size() >= kSampleBytes);
        dialect.encoding = utf8 ? TextEncoding::Utf8 : TextEncoding::Windows1250;
    }

    // Count each candidate per record (outside quotes) over the first records; the delimiter that appears the
    // same non-zero number of times in most records wins. Ties go to ';' (what Czech Excel writes), then tab.
    constexpr std::array<char, 3> kCandidates = {';', '\t', ','};
    std::array<std::vector<int>, 3> counts;
    std::array<int, 3> current = {0, 0, 0};
    bool in_quotes = false;
    int records = 0;
    for (std::size_t i = 0; i < sample.size() && records < 50; ++i) {
        char c = sample[i];
        if (c == '"') {
            in_quotes = !in_quotes;
        } else if (!in_quotes && (c == '\n' || c == '\r')) {
            if (c == '\r' && i + 1 < sample.size() && sample[i + 1] == '\n') {
                ++i;
            }
            for (std::size_t k = 0; k < kCandidates.size(); ++k) {
                counts[k].push_back(current[k]);
                current[k] = 0;
            }
            ++records;
        } else if (!in_quotes) {
            for (std::size_t k = 0; k < kCandidates.size(); ++k) {
                if (c == kCandidates[k]) {
                    ++current[k];
                }
            }
        }
    }
    if (records == 0 || current[0] + current[1] + current[2] > 0) {
        for (std::size_t k = 0; k < kCandidates.size(); ++k) {
            counts[k].push_back(current[k]);
        }
    }
    int best_score = 0;
    dialect.delimiter = ';';
    for (std::size_t k = 0; k < kCandidates.size(); ++k) {
        std::map<int, int> frequency;
        for (int count : counts[k]) {
            if (count > 0) {
                ++frequency[count];
            }
        }
        int score = 0;
        for (auto [count, times] : frequency) {
            score = std::max(score, times * 1000 + std::min(count, 999));
        }
        if (score > best_score) {
            best_score = score;
            dialect.delimiter = kCandidates[k];
        }
    }
    return dialect;
}

namespace {

class CsvReader : public SheetReader {
public:
    CsvReader(std::filesystem::path path, const Limits& limits) : path_(std::move(path)), limits_(limits) {
        sheets_.push_back(SheetInfo{"", false});
    }
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;
    ~CsvReader() override { release(); }

    Format format() const override { return Format::Csv; }
    const std::vector<SheetInfo>& sheets() const override { return sheets_; }
    const SheetLayout& layout() const override { return layout_; }
    const CsvDialect& dialect() const { return dialect_; }

    Result<void> open(std::size_t index) override {
        if (index != 0) {
            return fail(Error::not_found("a CSV file has only one sheet"));
        }
        release();
        ready_.clear();
        error_.reset();
        file_ = std::ifstream(path_, std::ios::binary);
        if (!file_) {
            return fail(Error::not_found("the file cannot be read"));
        }
        std::string sample(kSampleBytes, '\0');
        file_.read(sample.data(), static_cast<std::streamsize>(sample.size()));
        sample.resize(static_cast<std::size_t>(file_.gcount()));
        dialect_ = detect_csv_dialect(sample);
        file_.clear();
        file_.seekg(dialect_.bom ? static_cast<std::streamoff>(kUtf8Bom.size()) : 0);

        if (csv_init(&parser_, CSV_APPEND_NULL) != 0) {
            throw std::bad_alloc();
        }
        parser_open_ = true;
        csv_set_delim(&parser_, static_cast<unsigned char>(dialect_.delimiter));
        // Keep spaces: "  Praha" is what the user typed, and trimming is the mapper's decision.
        csv_set_space_func(&parser_, [](unsigned char) { return 0; });
        row_ = Row{};
        record_ = 0;
        row_bytes_ = 0;
        at_end_ = false;
        return ok();
    }

    Result<bool> next_row(Row& row) override {
        if (!parser_open_) {
            return fail(Error::invalid("no sheet is open"));
        }
        while (ready_.empty() && !at_end_ && !error_) {
            file_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
            auto got = static_cast<std::size_t>(file_.gcount());
            if (got == 0) {
                at_end_ = true;
                csv_fini(&parser_, &CsvReader::on_field, &CsvReader::on_record, this);
                break;
            }
            if (csv_parse(&parser_, buffer_.data(), got, &CsvReader::on_field, &CsvReader::on_record, this) != got) {
                error_ =
                    Error::invalid(std::string("the CSV file cannot be parsed: ") + csv_strerror(csv_error(&parser_)));
                break;
            }
            // libcsv grows its field buffer without bound; an unterminated quote in a huge file must not.
            if (!error_ && csv_get_buffer_size(&parser_) > limits_.max_cell_bytes + kChunkBytes) {
                error_ = Error::invalid(
                    "refused: a field in record " + std::to_string(record_ + 1) + " is longer than " +
                    std::to_string(limits_.max_cell_bytes) + " bytes (an unterminated quote?)"
                );
            }
        }
        if (error_) {
            ready_.clear();
            return fail(*error_);
        }
        if (ready_.empty()) {
            return false;
        }
        row = std::move(ready_.front());
        ready_.pop_front();
        return true;
    }

private:
    void release() {
        if (parser_open_) {
            csv_free(&parser_);
            parser_open_ = false;
        }
    }

    static void on_field(void* data, std::size_t size, void* self_pointer) {
        auto* self = static_cast<CsvReader*>(self_pointer);
        if (self->error_) {
            return;
        }
        std::size_t column = self->column_++;
        if (column >= self->limits_.max_columns) {
            self->error_ = Error::invalid(
                "refused: record " + std::to_string(self->record_ + 1) + " has more than " +
                std::to_string(self->limits_.max_columns) + " columns"
            );
            return;
        }
        if (size == 0) {
            return;
        }
        if (size > self->limits_.max_cell_bytes) {
            self->error_ = Error::invalid(
                "refused: a field in record " + std::to_string(self->record_ + 1) + " is longer than " +
                std::to_string(self->limits_.max_cell_bytes) + " bytes"
            );
            return;
        }
        std::string_view raw(static_cast<const char*>(data), size);
        Cell cell;
        cell.type = CellType::Text;
        if (self->dialect_.encoding == TextEncoding::Windows1250) {
            const auto& table = windows1250_table();
            cell.text.reserve(size + size / 4);
            for (char c : raw) {
                cell.text += table[static_cast<unsigned char>(c)];
            }
        } else {
            if (!is_valid_utf8(raw)) {
                self->error_ = Error::invalid(
                    "the CSV file mixes encodings: record " + std::to_string(self->record_ + 1) +
                    " is not valid UTF-8 although the start of the file is"
                );
                return;
            }
            cell.text.assign(raw);
        }
        // Line breaks inside a cell are "\n" in every spreadsheet format; CSV writers also produce "\r\n".
        if (cell.text.find('\r') != std::string::npos) {
            std::string normalized;
            normalized.reserve(cell.text.size());
            for (std::size_t i = 0; i < cell.text.size(); ++i) {
                if (cell.text[i] == '\r') {
                    normalized += '\n';
                    if (i + 1 < cell.text.size() && cell.text[i + 1] == '\n') {
                        ++i;
                    }
                } else {
                    normalized += cell.text[i];
                }
            }
            cell.text = std::move(normalized);
        }
        self->row_bytes_ += cell.text.size() + sizeof(Cell);
        if (self->row_bytes_ > self->limits_.max_row_bytes) {
            self->error_ =
                Error::invalid("refused: record " + std::to_string(self->record_ + 1) + " holds too much data");
            return;
        }
        self->row_.cells.resize(column + 1);
        self->row_.cells[column] = std::move(cell);
    }

    static void on_record(int, void* self_pointer) {
        auto* self = static_cast<CsvReader*>(self_pointer);
        if (self->error_) {
            return;
        }
        ++self->record_;
        if (self->record_ > self->limits_.max_rows) {
            self->error_ = Error::invalid(
                "refused: the file has more than " + std::to_string(self->limits_.max_rows) + " records"
            );
            return;
        }
        self->row_.number = self->record_;
        if (!self->row_.empty()) {
            self->ready_.push_back(std::move(self->row_));
        }
        self->row_ = Row{};
        self->column_ = 0;
        self->row_bytes_ = 0;
    }

    std::filesystem::path path_;
    Limits limits_;
    std::vector<SheetInfo> sheets_;
    SheetLayout layout_;
    CsvDialect dialect_;
    std::ifstream file_;
    std::vector<char> buffer_ = std::vector<char>(kChunkBytes);
    csv_parser parser_{};
    bool parser_open_ = false;
    std::deque<Row> ready_;
    std::optional<Error> error_;
    Row row_;
    std::size_t column_ = 0;
    std::uint32_t record_ = 0;
    std::size_t row_bytes_ = 0;
    bool at_end_ = false;
};

}  // namespace

Result<std::unique_ptr<SheetReader>> open_csv(const std::filesystem::path& path, const Limits& limits) {
    auto reader = std::make_unique<CsvReader>(path, limits);
    if (auto opened = reader->open(0); !opened) {
        return fail(opened.error());
    }
    return std::unique_ptr<SheetReader>(std::move(reader));
}

}  // namespace kartoteka::importer
