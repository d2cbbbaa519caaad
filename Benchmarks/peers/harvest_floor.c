/*
 * harvest_floor: a floor for a harvest pipeline built on libcurl, libxml2 and SQLite (what such a harvester spends
 * per record before converting or indexing anything), for `make bench-harvest` to print beside Thresher and Sickle
 * in the same run.
 *
 * It lists ENDPOINT with ListRecords (following resumption tokens, one reused libcurl handle), parses
 * each page with libxml2's SAX2 parser (callbacks only for the record boundaries, the identifier, the
 * deleted status and the token), and stores every record in SQLite as Thresher's store is configured
 * (WAL, 64 KiB pages, synchronous=NORMAL, one transaction per page): its identifier (unique key, upserted)
 * and the payload's own bytes, plus as many bytes again times JSON_RATIO standing in for the converted
 * JSON (Thresher's JSON of these records is 0.82 of their XML; at most 1). Nothing is converted, no datestamp or
 * set index is kept, no checkpoint is written: a floor, not a harvester. A page that is not well-formed, holds an
 * OAI-PMH error or a record without an identifier stops it with a message.
 *
 * Usage: harvest_floor ENDPOINT METADATA_PREFIX STORE [JSON_RATIO]
 * Prints: records <TAB> user+system CPU seconds <TAB> system seconds <TAB> of it in SQLite calls (CPU seconds)
 */
#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

typedef struct { char *bytes; size_t count, capacity; } Buffer;

static void append(Buffer *buffer, const void *bytes, size_t count) {
    if (buffer->count + count + 1 > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 1 << 16;
        while (capacity < buffer->count + count + 1) capacity *= 2;
        char *grown = realloc(buffer->bytes, capacity);
        if (!grown) { fprintf(stderr, "harvest_floor: out of memory\n"); exit(1); }
        buffer->bytes = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->bytes + buffer->count, bytes, count);
    buffer->count += count;
    buffer->bytes[buffer->count] = 0;
}

static size_t received(char *bytes, size_t size, size_t count, void *buffer) {
    append(buffer, bytes, size * count);
    return size * count;
}

typedef struct { size_t identifier, start, end; int deleted, hasIdentifier; } Record;

static struct {
    xmlParserCtxtPtr context;
    Buffer text;          /* the identifier or token being read */
    int capture;          /* 1: identifier, 2: resumption token */
    Buffer identifiers;   /* identifiers, NUL-separated */
    Record *records;
    size_t recordCount, recordCapacity;
    Record current;
    Buffer token;
    int oaiError;         /* an <error> element was seen */
} page;

/* The byte offset in the page (libxml2 may drop parsed input from its buffer: `consumed` counts it). */
static size_t offset(void) {
    return (size_t)page.context->input->consumed + (size_t)(page.context->input->cur - page.context->input->base);
}

/* Only OAI-PMH's own elements matter (a MARC payload has its own <record>, Dublin Core its <identifier>). */
static int isOAI(const xmlChar *uri) {
    return uri && strcmp((const char *)uri, "http://www.openarchives.org/OAI/2.0/") == 0;
}

static void startElement(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri, int nsCount,
                         const xmlChar **namespaces, int attributeCount, int defaulted, const xmlChar **attributes) {
    (void)ctx; (void)prefix; (void)nsCount; (void)namespaces; (void)defaulted;
    if (!isOAI(uri)) return;
    const char *local = (const char *)name;
    if (strcmp(local, "header") == 0) {
        memset(&page.current, 0, sizeof page.current);
        for (int i = 0; i < attributeCount; i++) {
            const xmlChar **attribute = attributes + 5 * i;
            if (strcmp((const char *)attribute[0], "status") == 0 && attribute[4] - attribute[3] == 7
                && memcmp(attribute[3], "deleted", 7) == 0) page.current.deleted = 1;
        }
    } else if (strcmp(local, "identifier") == 0 && page.capture == 0) {
        page.capture = 1;
        page.text.count = 0;
    } else if (strcmp(local, "resumptionToken") == 0) {
        page.capture = 2;
        page.text.count = 0;
    } else if (strcmp(local, "metadata") == 0) {
        page.current.start = offset();
    } else if (strcmp(local, "error") == 0) {
        page.oaiError = 1;
    }
}

static void endElement(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri) {
    (void)ctx; (void)prefix;
    if (!isOAI(uri)) return;
    const char *local = (const char *)name;
    if (page.capture == 1 && strcmp(local, "identifier") == 0) {
        page.current.identifier = page.identifiers.count;
        page.current.hasIdentifier = page.text.count > 0;
        append(&page.identifiers, page.text.bytes ? page.text.bytes : "", page.text.count);
        append(&page.identifiers, "", 1);
        page.capture = -1; /* the header's other elements are not identifiers */
    } else if (page.capture == 2) {
        page.token.count = 0;
        append(&page.token, page.text.bytes ? page.text.bytes : "", page.text.count);
        page.capture = 0;
    } else if (strcmp(local, "metadata") == 0) {
        page.current.end = offset();
    } else if (strcmp(local, "record") == 0) {
        if (page.recordCount == page.recordCapacity) {
            page.recordCapacity = page.recordCapacity ? page.recordCapacity * 2 : 256;
            page.records = realloc(page.records, page.recordCapacity * sizeof(Record));
            if (!page.records) { fprintf(stderr, "harvest_floor: out of memory\n"); exit(1); }
        }
        page.records[page.recordCount++] = page.current;
        page.capture = 0;
    }
}

static void characters(void *ctx, const xmlChar *text, int count) {
    (void)ctx;
    if (page.capture > 0) append(&page.text, text, (size_t)count);
}

static double seconds(struct timeval time) { return (double)time.tv_sec + (double)time.tv_usec / 1e6; }

static double cpu(double *system) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    if (system) *system = seconds(usage.ru_stime);
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

static void check(int code, sqlite3 *db, const char *what) {
    if (code != SQLITE_OK && code != SQLITE_DONE && code != SQLITE_ROW) {
        fprintf(stderr, "harvest_floor: SQLite %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: harvest_floor ENDPOINT METADATA_PREFIX STORE [JSON_RATIO]\n"); return 64; }
    const char *endpoint = argv[1], *prefix = argv[2], *path = argv[3];
    double ratio = argc > 4 ? atof(argv[4]) : 0.82;
    if (!(ratio >= 0 && ratio <= 1)) { fprintf(stderr, "harvest_floor: JSON_RATIO must be within 0...1\n"); return 64; }
    double start = cpu(NULL), inSQLite = 0;

    sqlite3 *db;
    check(sqlite3_open(path, &db), db, "open");
    check(sqlite3_exec(db, "PRAGMA page_size = 65536; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                           "PRAGMA cache_size = -65536;"
                           "CREATE TABLE IF NOT EXISTS records (seq INTEGER PRIMARY KEY, identifier TEXT NOT NULL UNIQUE,"
                           " metadata_xml BLOB, json BLOB)", NULL, NULL, NULL), db, "schema");
    sqlite3_stmt *insert;
    check(sqlite3_prepare_v2(db, "INSERT INTO records (identifier, metadata_xml, json) VALUES (?, ?, ?)"
                                 " ON CONFLICT (identifier) DO UPDATE SET metadata_xml = excluded.metadata_xml,"
                                 " json = excluded.json", -1, &insert, NULL), db, "prepare");

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *curl = curl_easy_init();
    Buffer body = {0}, url = {0};
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, received);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");

    xmlSAXHandler handler;
    memset(&handler, 0, sizeof handler);
    handler.initialized = XML_SAX2_MAGIC;
    handler.startElementNs = startElement;
    handler.endElementNs = endElement;
    handler.characters = characters;

    long total = 0;
    for (;;) {
        url.count = 0;
        append(&url, endpoint, strlen(endpoint));
        append(&url, "?verb=ListRecords&", 18);
        if (page.token.count == 0) {
            append(&url, "metadataPrefix=", 15);
            append(&url, prefix, strlen(prefix));
        } else {
            char *escaped = curl_easy_escape(curl, page.token.bytes, (int)page.token.count);
            append(&url, "resumptionToken=", 16);
            append(&url, escaped, strlen(escaped));
            curl_free(escaped);
        }
        body.count = 0;
        curl_easy_setopt(curl, CURLOPT_URL, url.bytes);
        CURLcode code = curl_easy_perform(curl);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        if (code != CURLE_OK || status != 200) {
            fprintf(stderr, "harvest_floor: %s: %s (HTTP %ld)\n", url.bytes, curl_easy_strerror(code), status);
            return 1;
        }

        page.recordCount = 0;
        page.identifiers.count = 0;
        page.token.count = 0;
        page.capture = 0;
        page.oaiError = 0;
        page.context = xmlCreateMemoryParserCtxt(body.bytes, (int)body.count);
        if (!page.context) { fprintf(stderr, "harvest_floor: cannot parse %s\n", url.bytes); return 1; }
        memcpy(page.context->sax, &handler, sizeof handler);
        page.context->userData = page.context;
        xmlParseDocument(page.context);
        int wellFormed = page.context->wellFormed;
        if (!wellFormed || page.oaiError) {
            fprintf(stderr, "harvest_floor: %s: %s\n", url.bytes, wellFormed ? "an OAI-PMH error" : "not well-formed");
            return 1;
        }
        /* A UTF-8 page is parsed as it is: its offsets index the received bytes. */
        const char *base = body.bytes;
        double before = cpu(NULL);
        check(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), db, "begin");
        for (size_t i = 0; i < page.recordCount; i++) {
            Record *record = page.records + i;
            if (!record->hasIdentifier) { fprintf(stderr, "harvest_floor: %s: a record without an identifier\n", url.bytes); return 1; }
            sqlite3_bind_text(insert, 1, page.identifiers.bytes + record->identifier, -1, SQLITE_STATIC);
            if (record->deleted || record->end <= record->start) {
                sqlite3_bind_null(insert, 2);
                sqlite3_bind_null(insert, 3);
            } else {
                size_t from = record->start, to = record->end;
                if (base[from] == '>') from++; /* the offsets bracket the metadata element's tags */
                if (to - from >= 11 && memcmp(base + to - 11, "</metadata>", 11) == 0) to -= 11;
                int length = (int)(to - from);
                sqlite3_bind_blob(insert, 2, base + from, length, SQLITE_STATIC);
                sqlite3_bind_blob(insert, 3, base + from, (int)(length * ratio), SQLITE_STATIC);
            }
            check(sqlite3_step(insert), db, "insert");
            sqlite3_reset(insert);
        }
        check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
        inSQLite += cpu(NULL) - before;
        xmlFreeParserCtxt(page.context);
        total += (long)page.recordCount;
        if (page.token.count == 0) break;
    }
    sqlite3_finalize(insert);
    sqlite3_close(db);
    curl_easy_cleanup(curl);
    double system;
    double used = cpu(&system) - start;
    printf("%ld\t%.3f\t%.3f\t%.3f\n", total, used, system, inSQLite);
    return 0;
}
