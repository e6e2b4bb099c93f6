#include "exporter/xlsx_writer.hpp"

#include <algorithm>
#include <vector>

#include <xlsxwriter.h>

namespace kartoteka::exporter {

namespace {

Error xlsx_error(std::string_view what, lxw_error code) {
    return Error::internal(std::string(what) + ": " + lxw_strerror(code));
}

/// Excel stores at most 32,767 characters a cell and libxlsxwriter refuses longer strings outright; cut at a
/// code-point boundary rather than lose the whole row.
std::string_view clip_to_cell(std::string_view text) {
    if (text.size() <= kXlsxMaxCellChars) {
        return text;  // fewer bytes than the limit means fewer characters too
    }
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            if (chars == kXlsxMaxCellChars) {
                return text.substr(0, i);
            }
            ++chars;
        }
    }
    return text;
}

/// Width in Excel's character units for a header label (its characters, not bytes), within sane bounds.
double column_width(std::string_view label) {
    std::size_t chars = 0;
    for (char c : label) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++chars;
        }
    }
    return std::clamp(static_cast<double>(chars) + 4.0, 10.0, 40.0);
}

lxw_datetime to_lxw(const XlsxDateTime& value) {
    return lxw_datetime{
        value.year, value.month, value.day, value.hour, value.minute, static_cast<double>(value.second)};
}

}  // namespace

struct XlsxWriter::Impl {
    lxw_workbook* workbook = nullptr;
    lxw_worksheet* worksheet = nullptr;
    lxw_format* bold = nullptr;
    lxw_format* date_time = nullptr;
    lxw_format* date = nullptr;
    std::string temp_dir;  // must outlive the workbook (libxlsxwriter keeps the pointer)
    std::string text;      // reused NUL-terminated copy of a cell's text
};

XlsxWriter::XlsxWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

XlsxWriter::~XlsxWriter() {
    if (impl_ && impl_->workbook) {
        workbook_close(impl_->workbook);
    }
}

Result<std::unique_ptr<XlsxWriter>> XlsxWriter::create(const std::filesystem::path& path, const XlsxOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->temp_dir = options.temp_dir.string();
    lxw_workbook_options workbook_options{};
    workbook_options.constant_memory = LXW_TRUE;
    workbook_options.use_zip64 = LXW_TRUE;  // a million rows of sheet XML exceed 4 GiB uncompressed easily
    workbook_options.tmpdir = impl->temp_dir.empty() ? nullptr : impl->temp_dir.data();
    impl->workbook = workbook_new_opt(path.c_str(), &workbook_options);
    if (!impl->workbook) {
        return fail(Error::internal("cannot create workbook " + path.string()));
    }
    std::unique_ptr<XlsxWriter> writer(new XlsxWriter(std::move(impl)));
    Impl& state = *writer->impl_;
    if (auto error = workbook_validate_sheet_name(state.workbook, options.sheet_name.c_str()); error != LXW_NO_ERROR) {
        return fail(Error::invalid_field("sheet_name", lxw_strerror(error)));
    }
    state.worksheet = workbook_add_worksheet(state.workbook, options.sheet_name.c_str());
    if (!state.worksheet) {
        return fail(Error::internal("cannot add worksheet"));
    }
    state.bold = workbook_add_format(state.workbook);
    format_set_bold(state.bold);
    // Czech order of day and month; Excel shows the locale's own format only for its built-in ids, which
    // LibreOffice and other readers do not all honour.
    state.date_time = workbook_add_format(state.workbook);
    format_set_num_format(state.date_time, "d.m.yyyy h:mm");
    state.date = workbook_add_format(state.workbook);
    format_set_num_format(state.date, "d.m.yyyy");
    return writer;
}

Result<void> XlsxWriter::write_header(std::span<const std::string> labels) {
    if (!impl_->workbook) {
        return fail(Error::internal("workbook already closed"));
    }
    if (next_row_ != 0) {
        return fail(Error::internal("the header must be the first row"));
    }
    for (std::size_t column = 0; column < labels.size(); ++column) {
        const auto col = static_cast<lxw_col_t>(column);
        worksheet_set_column(impl_->worksheet, col, col, column_width(labels[column]), nullptr);
    }
    for (std::size_t column = 0; column < labels.size(); ++column) {
        impl_->text.assign(clip_to_cell(labels[column]));
        auto error = worksheet_write_string(
            impl_->worksheet, 0, static_cast<lxw_col_t>(column), impl_->text.c_str(), impl_->bold
        );
        if (error != LXW_NO_ERROR) {
            return fail(xlsx_error("header", error));
        }
    }
    worksheet_freeze_panes(impl_->worksheet, 1, 0);
    next_row_ = 1;
    return ok();
}

Result<void> XlsxWriter::write_row(std::span<const XlsxCell> cells) {
    if (!impl_->workbook) {
        return fail(Error::internal("workbook already closed"));
    }
    if (next_row_ >= kXlsxMaxRows) {
        return fail(Error{ErrorCode::ResourceExhausted, "more rows than a worksheet holds (1,048,576)"});
    }
    const auto row = static_cast<lxw_row_t>(next_row_);
    for (std::size_t column = 0; column < cells.size(); ++column) {
        const XlsxCell& cell = cells[column];
        const auto col = static_cast<lxw_col_t>(column);
        lxw_error error = LXW_NO_ERROR;
        switch (cell.kind) {
            case XlsxCell::Kind::Empty:
                continue;
            case XlsxCell::Kind::Text: {
                if (cell.text.empty()) {
                    continue;  // an empty string cell and no cell read the same; skip the bytes
                }
                impl_->text.assign(clip_to_cell(cell.text));
                error = worksheet_write_string(impl_->worksheet, row, col, impl_->text.c_str(), nullptr);
                break;
            }
            case XlsxCell::Kind::Number:
                error = worksheet_write_number(impl_->worksheet, row, col, cell.number, nullptr);
                break;
            case XlsxCell::Kind::DateTime: {
                lxw_datetime value = to_lxw(cell.date_time);
                error = worksheet_write_datetime(impl_->worksheet, row, col, &value, impl_->date_time);
                break;
            }
            case XlsxCell::Kind::Date: {
                lxw_datetime value = to_lxw(cell.date_time);
                value.hour = 0;
                value.min = 0;
                value.sec = 0;
                error = worksheet_write_datetime(impl_->worksheet, row, col, &value, impl_->date);
                break;
            }
        }
        if (error != LXW_NO_ERROR) {
            return fail(xlsx_error("row " + std::to_string(next_row_ + 1), error));
        }
    }
    ++next_row_;
    return ok();
}

Result<void> XlsxWriter::close() {
    if (!impl_->workbook) {
        return fail(Error::internal("workbook already closed"));
    }
    auto error = workbook_close(impl_->workbook);
    impl_->workbook = nullptr;
    if (error != LXW_NO_ERROR) {
        return fail(xlsx_error("close workbook", error));
    }
    return ok();
}

}  // namespace kartoteka::exporter
