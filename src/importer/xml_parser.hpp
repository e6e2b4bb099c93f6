#pragma once

#include <string>
#include <string_view>

#include "domain/error.hpp"

struct XML_ParserStruct;

namespace kartoteka::importer {

/// Expat's attribute list: alternating "namespace-uri|local-name" and value, null-terminated.
class XmlAttributes {
public:
    explicit XmlAttributes(const char** raw) : raw_(raw) {}
    /// The value of the attribute with this local name (any namespace), or nullptr.
    const char* get(std::string_view local_name) const;

private:
    const char** raw_;
};

class XmlHandler {
public:
    virtual ~XmlHandler() = default;
    /// `name` is the element's local name; namespaces are resolved but ignored, so prefixes do not matter and
    /// transitional and strict OOXML read alike.
    virtual void on_start(std::string_view name, const XmlAttributes& attributes) = 0;
    virtual void on_end(std::string_view name) = 0;
    virtual void on_text(std::string_view /*text*/) {}
};

/// A push parser over expat, hardened for untrusted files: any DOCTYPE is refused (no spreadsheet part has
/// one), so no entity can be declared, expanded or fetched from outside.
class XmlParser {
public:
    XmlParser(XmlHandler& handler, std::string part_name);
    XmlParser(const XmlParser&) = delete;
    XmlParser& operator=(const XmlParser&) = delete;
    ~XmlParser();

    /// Parses the next chunk; `last` marks the end of the document.
    Result<void> feed(std::string_view chunk, bool last);
    /// Called from a handler: stop parsing with this error; feed() returns it.
    void abort(Error error);
    /// Called from a handler: the rest of the document is not needed; feed() returns success from now on.
    void finish();
    bool finished() const { return finished_; }

private:
    static void start_element(void* self, const char* name, const char** attributes);
    static void end_element(void* self, const char* name);
    static void character_data(void* self, const char* text, int length);
    static void start_doctype(void* self, const char*, const char*, const char*, int);
    static void
    entity_declaration(void* self, const char*, int, const char*, int, const char*, const char*, const char*, const char*);

    XML_ParserStruct* parser_;
    XmlHandler& handler_;
    std::string part_name_;
    bool aborted_ = false;
    bool finished_ = false;
    Error error_;
};

/// The local part of an expat "namespace-uri|local" name.
std::string_view local_name(const char* name);

}  // namespace kartoteka::importer
