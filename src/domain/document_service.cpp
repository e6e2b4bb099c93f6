#include "domain/document_service.hpp"

namespace kartoteka::domain {

DocumentService::DocumentService(DocumentRepository& documents, BlobStorage& blobs, Clock clock)
    : documents_(documents),
      blobs_(blobs),
      clock_(std::move(clock)) {}

Result<NewVersion> DocumentService::prepare(const IncomingFile& file, const std::string& stored_name) {
    if (file.size == 0) {
        return fail(Error::invalid_field("file", "the file is empty", "empty"));
    }
    return NewVersion{
        .size = file.size,
        .content_type = sniff_content_type(file.head, file.declared_type, stored_name),
        .sha256 = file.sha256,
        .at = clock_(),
    };
}

template <typename Write>
Result<Document> DocumentService::store_blob_then(const NewVersion& version, const IncomingFile& file, Write write) {
    // The file goes into place first and the metadata commits second: a crash in between leaves only an
    // unreferenced blob, which the start-up sweep removes; the other order could leave rows without files.
    if (auto adopted = blobs_.adopt(file.temp_path, version.sha256); !adopted) {
        return fail(adopted.error());
    }
    Result<Document> written = fail(Error::internal("document write did not run"));
    try {
        written = write();
    } catch (...) {
        blobs_.release(version.sha256, false);
        throw;
    }
    blobs_.release(version.sha256, static_cast<bool>(written));
    return written;
}

Result<Document> DocumentService::create(CustomerId customer_id, const IncomingFile& file, const Actor& actor) {
    auto name = validate_document_name(file.name);
    if (!name) {
        return fail(name.error());
    }
    auto version = prepare(file, *name);
    if (!version) {
        return fail(version.error());
    }
    // Checked again inside the transaction; asking first spares moving a file only to remove it again.
    auto taken = documents_.find_live_by_name(customer_id, document_name_key(*name));
    if (!taken) {
        return fail(taken.error());
    }
    if (*taken) {
        return fail(Error{
            ErrorCode::AlreadyExists,
            "a document named \"" + *name + "\" already exists on this customer; upload it as a new version",
            FieldErrors{{"file", "a document with this name already exists"}},
            FieldErrors{{"file", "document.name_taken"}},
        });
    }
    return store_blob_then(*version, file, [&] { return documents_.create(customer_id, *name, *version, actor); });
}

Result<Document> DocumentService::add_version(DocumentId id, const IncomingFile& file, const Actor& actor) {
    auto current = documents_.find(id);
    if (!current) {
        return fail(current.error());
    }
    // Only the bytes change; the name is the document's, but the new file's own name must still be sane.
    if (auto name = validate_document_name(file.name); !name) {
        return fail(name.error());
    }
    auto version = prepare(file, current->name);
    if (!version) {
        return fail(version.error());
    }
    return store_blob_then(*version, file, [&] { return documents_.add_version(id, *version, actor); });
}

Result<Document> DocumentService::get(DocumentId id) {
    return documents_.find(id);
}

Result<Document> DocumentService::move_to_trash(DocumentId id, std::int64_t expected_version, const Actor& actor) {
    return documents_.move_to_trash(id, expected_version, clock_(), actor);
}

Result<Document> DocumentService::restore(DocumentId id, const Actor& actor) {
    return documents_.restore(id, clock_(), actor);
}

Result<DocumentPage> DocumentService::list(const DocumentListQuery& query) {
    if (query.limit == 0 || query.limit > kMaxDocumentPageSize) {
        return fail(Error::invalid_field(
            "limit", "must be an integer from 1 to " + std::to_string(kMaxDocumentPageSize), "out_of_range"
        ));
    }
    return documents_.list(query);
}

Result<DocumentContent> DocumentService::content(DocumentId id, std::optional<std::int64_t> number) {
    auto document = documents_.find(id);
    if (!document) {
        return fail(document.error());
    }
    for (const auto& version : document->versions) {
        if (!number || version.number == *number) {
            return DocumentContent{.path = blobs_.path_of(version.sha256), .name = document->name, .version = version};
        }
    }
    return fail(
        Error::not_found("document " + std::to_string(id) + " has no version " + std::to_string(number.value_or(0)))
    );
}

Result<std::optional<DocumentId>> DocumentService::find_by_name(CustomerId customer_id, const std::string& name) {
    return documents_.find_live_by_name(customer_id, document_name_key(name));
}

}  // namespace kartoteka::domain
