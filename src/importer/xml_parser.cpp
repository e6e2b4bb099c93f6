#include "importer/xml_parser.hpp"

#include <cstring>
#include <limits>
#include <utility>

#include <expat.h>

namespace kartoteka::importer {

std::string_view local_name(const char* name) {
    const char* bar = std::strrchr(name, '|');
    return bar == nullptr ? std::string_view(name) : std::string_view(bar + 1);
}

const char* XmlAttributes::get(std::string_view wanted) const {
    for (const char** attribute = raw_; attribute[0] != nullptr; attribute += 2) {
        if (local_name(attribute[0]) == wanted) {
            return attribute[1];
        }
    }
    return nullptr;
}

XmlParser::XmlParser(XmlHandler& handler, std::string part_name)
    : parser_(XML_ParserCreateNS("UTF-8", '|')),
      handler_(handler),
      part_name_(std::move(part_name)) {
    if (parser_ == nullptr) {
        throw std::bad_alloc();
    }
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &XmlParser::start_element, &XmlParser::end_element);
    XML_SetCharacterDataHandler(parser_, &XmlParser::character_data);
    XML_SetStartDoctypeDeclHandler(parser_, &XmlParser::start_doctype);
    XML_SetEntityDeclHandler(parser_, &XmlParser::entity_declaration);
    XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
}

XmlParser::~XmlParser() {
    XML_ParserFree(parser_);
}

Result<void> XmlParser::feed(std::string_view chunk, bool last) {
    if (aborted_) {
        return fail(error_);
    }
    if (finished_) {
        return ok();
    }
    while (!chunk.empty() || last) {
        std::size_t size = std::min<std::size_t>(chunk.size(), std::numeric_limits<int>::max());
        XML_Status status = XML_Parse(parser_, chunk.data(), static_cast<int>(size), last && size == chunk.size());
        chunk.remove_prefix(size);
        if (aborted_) {
            return fail(error_);
        }
        if (finished_) {
            return ok();
        }
        if (status != XML_STATUS_OK) {
            XML_Error code = XML_GetErrorCode(parser_);
            return fail(Error::invalid(
                "the file is damaged: " + part_name_ + " is not well-formed XML (" + XML_ErrorString(code) +
                " at line " + std::to_string(XML_GetCurrentLineNumber(parser_)) + ")"
            ));
        }
        if (chunk.empty()) {
            break;
        }
    }
    return ok();
}

void XmlParser::abort(Error error) {
    if (aborted_ || finished_) {
        return;
    }
    aborted_ = true;
    error_ = std::move(error);
    XML_StopParser(parser_, XML_FALSE);
}

void XmlParser::finish() {
    if (aborted_ || finished_) {
        return;
    }
    finished_ = true;
    XML_StopParser(parser_, XML_FALSE);
}

void XmlParser::start_element(void* self, const char* name, const char** attributes) {
    auto* parser = static_cast<XmlParser*>(self);
    if (parser->aborted_ || parser->finished_) {
        return;
    }
    parser->handler_.on_start(local_name(name), XmlAttributes(attributes));
}

void XmlParser::end_element(void* self, const char* name) {
    auto* parser = static_cast<XmlParser*>(self);
    if (parser->aborted_ || parser->finished_) {
        return;
    }
    parser->handler_.on_end(local_name(name));
}

void XmlParser::character_data(void* self, const char* text, int length) {
    auto* parser = static_cast<XmlParser*>(self);
    if (parser->aborted_ || parser->finished_) {
        return;
    }
    parser->handler_.on_text(std::string_view(text, static_cast<std::size_t>(length)));
}

void XmlParser::start_doctype(void* self, const char*, const char*, const char*, int) {
    auto* parser = static_cast<XmlParser*>(self);
    parser->abort(Error::invalid(
        "refused: " + parser->part_name_ + " contains a DOCTYPE declaration (entities are not allowed in spreadsheets)"
    ));
}

void XmlParser::
    entity_declaration(void* self, const char*, int, const char*, int, const char*, const char*, const char*, const char*) {
    auto* parser = static_cast<XmlParser*>(self);
    parser->abort(Error::invalid("refused: " + parser->part_name_ + " declares XML entities"));
}

}  // namespace kartoteka::importer
