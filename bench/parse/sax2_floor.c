/* The floor for the parser benchmark: stream every file through libxml2's SAX2 interface with
 * empty callbacks (the least any libxml2-based parser can do), in one process.
 * Build: cc -O2 -o sax2_floor sax2_floor.c $(pkg-config --cflags --libs libxml-2.0)
 * Usage: sax2_floor [--push] FILE...   prints files, bytes, seconds, MB/s.
 * --push: libxml2's push parser instead (each file handed over whole, then terminated); its CDATA
 * scan searches for "]]>" instead of decoding character by character, so it is the cheaper path
 * on CDATA-heavy feeds (docs/performance.md, "Parser"). The default, the pull parser, is the floor
 * the benchmark table reports. */
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                     const xmlChar **attributes) {}
static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri) {}
static void on_characters(void *ctx, const xmlChar *ch, int len) {}
static void on_error(void *ctx, xmlErrorPtr error) {}

int main(int argc, char **argv) {
    xmlSAXHandler handler;
    memset(&handler, 0, sizeof handler);
    handler.initialized = XML_SAX2_MAGIC;
    handler.startElementNs = on_start;
    handler.endElementNs = on_end;
    handler.characters = on_characters;
    handler.cdataBlock = on_characters;
    handler.serror = on_error;
    xmlInitParser();
    long long total = 0;
    int first = 1, push = 0;
    if (argc > 1 && strcmp(argv[1], "--push") == 0) { push = 1; first = 2; }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int i = first; i < argc; i++) {
        FILE *file = fopen(argv[i], "rb");
        if (!file) { perror(argv[i]); continue; }
        fseek(file, 0, SEEK_END);
        long size = ftell(file);
        fseek(file, 0, SEEK_SET);
        char *buffer = malloc(size > 0 ? size : 1);
        if (fread(buffer, 1, size, file) != (size_t)size) { fclose(file); free(buffer); continue; }
        fclose(file);
        if (push) {
            xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&handler, NULL, NULL, 0, argv[i]);
            ctxt->userData = ctxt;
            xmlCtxtUseOptions(ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET);
            ctxt->sax->cdataBlock = on_characters;
            xmlParseChunk(ctxt, buffer, (int)size, 0);
            xmlParseChunk(ctxt, NULL, 0, 1);
            xmlFreeParserCtxt(ctxt);
        } else {
            xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(buffer, (int)size);
            memcpy(ctxt->sax, &handler, sizeof handler);
            ctxt->userData = ctxt;
            xmlCtxtUseOptions(ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET);
            xmlParseDocument(ctxt);
            xmlFreeParserCtxt(ctxt);
        }
        free(buffer);
        total += size;
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    printf("files=%d bytes=%lld seconds=%.3f MB/s=%.1f\n", argc - first, total, seconds, total / 1048576.0 / seconds);
    return 0;
}
