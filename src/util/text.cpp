#include "util/text.hpp"

#include <memory>
#include <stdexcept>

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/ucol.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace kartoteka::util {
namespace {

// Returns a new transliterator that the caller owns.
icu::Transliterator* create_transliterator(const char* id) {
    UErrorCode status = U_ZERO_ERROR;
    icu::Transliterator* created = icu::Transliterator::createInstance(id, UTRANS_FORWARD, status);
    if (U_FAILURE(status) || created == nullptr) {
        delete created;
        throw std::runtime_error(std::string("ICU transliterator unavailable: ") + u_errorName(status));
    }
    return created;
}

// ICU Transliterator instances are not thread-safe, so every thread builds its own once.
icu::Transliterator& search_folder() {
    thread_local const std::unique_ptr<icu::Transliterator> folder{
        create_transliterator("NFD; [:Nonspacing Mark:] Remove; Lower; NFC")};
    // clang-analyzer 14 runs a thread_local's destructor at the end of its first scope and then
    // reports a use after free; the object lives until the thread exits.
    return *folder;  // NOLINT(clang-analyzer-cplusplus.NewDelete)
}

icu::Transliterator& ascii_transliterator() {
    thread_local const std::unique_ptr<icu::Transliterator> transliterator{
        create_transliterator("Any-Latin; Latin-ASCII")};
    return *transliterator;  // NOLINT(clang-analyzer-cplusplus.NewDelete)
}

struct CollatorCloser {
    void operator()(UCollator* collator) const { ucol_close(collator); }
};

// Returns a new collator that the caller closes.
UCollator* open_czech_collator() {
    UErrorCode status = U_ZERO_ERROR;
    UCollator* opened = ucol_open("cs", &status);
    if (U_FAILURE(status) || opened == nullptr) {
        ucol_close(opened);
        throw std::runtime_error(std::string("ICU Czech collator unavailable: ") + u_errorName(status));
    }
    return opened;
}

// One collator per thread keeps sort-key generation free of any shared mutable state.
UCollator* czech_collator() {
    thread_local const std::unique_ptr<UCollator, CollatorCloser> collator{open_czech_collator()};
    return collator.get();
}

icu::UnicodeString from_utf8(std::string_view utf8) {
    return icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
}

}  // namespace

std::string fold_for_search(std::string_view utf8) {
    // Pure ASCII (most e-mails, codes, many names) needs no ICU round trip.
    bool ascii = true;
    for (const char byte : utf8) {
        if (static_cast<unsigned char>(byte) >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii) {
        std::string lowered(utf8);
        for (char& byte : lowered) {
            if (byte >= 'A' && byte <= 'Z') {
                byte = static_cast<char>(byte - 'A' + 'a');
            }
        }
        return lowered;
    }
    icu::UnicodeString text = from_utf8(utf8);
    search_folder().transliterate(text);
    std::string folded;
    text.toUTF8String(folded);
    return folded;
}

std::string to_ascii(std::string_view utf8) {
    icu::UnicodeString text = from_utf8(utf8);
    ascii_transliterator().transliterate(text);
    std::string ascii;
    text.toUTF8String(ascii);
    // What Latin-ASCII could not spell (emoji, CJK...) becomes one '_' per character.
    std::string spelled;
    spelled.reserve(ascii.size());
    for (const char byte : ascii) {
        const auto code = static_cast<unsigned char>(byte);
        if (code < 0x80) {
            spelled.push_back(byte);
        } else if (code >= 0xC0) {
            spelled.push_back('_');
        }
    }
    return spelled;
}

std::string czech_sort_key(std::string_view utf8) {
    const icu::UnicodeString text = from_utf8(utf8);
    UCollator* collator = czech_collator();
    std::string key(static_cast<std::size_t>(text.length()) * 4 + 16, '\0');
    int32_t needed = ucol_getSortKey(
        collator,
        text.getBuffer(),
        text.length(),
        reinterpret_cast<uint8_t*>(key.data()),
        static_cast<int32_t>(key.size())
    );
    if (needed > static_cast<int32_t>(key.size())) {
        key.resize(static_cast<std::size_t>(needed));
        needed = ucol_getSortKey(
            collator,
            text.getBuffer(),
            text.length(),
            reinterpret_cast<uint8_t*>(key.data()),
            static_cast<int32_t>(key.size())
        );
    }
    // The reported length counts the terminating NUL, which would only add noise to stored keys.
    key.resize(needed > 0 ? static_cast<std::size_t>(needed - 1) : 0);
    return key;
}

bool is_valid_utf8(std::string_view bytes) {
    const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
    const auto length = static_cast<int32_t>(bytes.size());
    int32_t offset = 0;
    while (offset < length) {
        UChar32 code_point = 0;
        U8_NEXT(data, offset, length, code_point);
        if (code_point < 0) {
            return false;
        }
    }
    return true;
}

std::string trim(std::string_view text) {
    const auto* data = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());

    int32_t begin = 0;
    while (begin < length) {
        int32_t next = begin;
        UChar32 code_point = 0;
        U8_NEXT(data, next, length, code_point);
        if (code_point < 0 || !u_isUWhiteSpace(code_point)) {
            break;
        }
        begin = next;
    }
    int32_t end = length;
    while (end > begin) {
        int32_t previous = end;
        UChar32 code_point = 0;
        U8_PREV(data, begin, previous, code_point);
        if (code_point < 0 || !u_isUWhiteSpace(code_point)) {
            break;
        }
        end = previous;
    }
    return std::string(text.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin)));
}

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    std::string decoded;
    decoded.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) {
                return std::nullopt;
            }
            const int high = hex_value(text[i + 1]);
            const int low = hex_value(text[i + 2]);
            if (high < 0 || low < 0) {
                return std::nullopt;
            }
            decoded.push_back(static_cast<char>(high * 16 + low));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            decoded.push_back(' ');
        } else {
            decoded.push_back(c);
        }
    }
    return decoded;
}

}  // namespace kartoteka::util
