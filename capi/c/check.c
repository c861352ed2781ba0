/* Runs the conformance vectors through the C ABI and prints one line per fixture, in the form
 * capi/expected.py prints the command line's findings, for CI to compare byte for byte:
 *
 *   check VECTOR_DIR            # JSON: VECTOR_DIR/manifest.tsv (capi/examples/vectors.rs)
 *   check --postcard < LINES    # postcard: `safeguard-device-compare --vector ID` lines
 *
 * Build: cc -std=c11 -Wall -Wextra -Werror -I capi/include capi/c/check.c \
 *            target/release/libsafeguard_capi.a -lpthread -ldl -lm -o check
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "safeguard.h"

static unsigned char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Evaluates, growing the output buffer when the library says it is too small. */
static int evaluate(const unsigned char *c, size_t clen, const unsigned char *p, size_t plen,
                    const char *now, unsigned char **out, size_t *cap, SgResult *r) {
    int status = sg_evaluate_json(c, clen, p, plen, (const uint8_t *)now, strlen(now), *out, *cap, r);
    if (status == SG_OUTPUT_TOO_SMALL) {
        *out = realloc(*out, *cap = r->len);
        status = sg_evaluate_json(c, clen, p, plen, (const uint8_t *)now, strlen(now), *out, *cap, r);
    }
    return status;
}

/* The `field` of the error JSON in the output buffer (the library's own serialisation). */
static void print_field(const unsigned char *json, size_t len) {
    const char *key = "\"field\":\"";
    const char *at = memmem(json, len, key, strlen(key));
    if (!at) return;
    for (const char *p = at + strlen(key); p < (const char *)json + len && *p != '"'; p++) putchar(*p);
}

static int run_json(const char *dir) {
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.tsv", dir);
    FILE *manifest = fopen(path, "r");
    if (!manifest) { perror(path); return 1; }
    size_t cap = 16; /* deliberately small: exercises SG_OUTPUT_TOO_SMALL */
    unsigned char *out = malloc(cap);
    char line[8192];
    while (fgets(line, sizeof line, manifest)) {
        line[strcspn(line, "\n")] = 0;
        char *id = strtok(line, "\t"), *now = strtok(NULL, "\t");
        char *case_file = strtok(NULL, "\t"), *policy_file = strtok(NULL, "\t");
        size_t clen = 0, plen = 0;
        snprintf(path, sizeof path, "%s/%s", dir, case_file);
        unsigned char *c = read_file(path, &clen), *p = NULL;
        if (strcmp(policy_file, "-") != 0) {
            snprintf(path, sizeof path, "%s/%s", dir, policy_file);
            p = read_file(path, &plen);
        }
        SgResult r;
        int status = evaluate(c, clen, p, plen, now, &out, &cap, &r);
        if (status == SG_OK) {
            printf("%s ok %.*s\n", id, (int)r.len, (const char *)out);
        } else if (status == SG_DECODE || status == SG_VALIDATE || status == SG_EVALUATE) {
            printf("%s err %s %s ", id, r.stage, r.code);
            print_field(out, r.len);
            putchar('\n');
        } else {
            printf("%s FAIL status %s (%s %s)\n", id, sg_status_name(status), r.stage, r.code);
        }
        free(c);
        free(p);
    }
    fclose(manifest);
    free(out);
    return 0;
}

static size_t from_hex(const char *hex, unsigned char *out) {
    size_t n = 0;
    for (; hex[0] && hex[1]; hex += 2) sscanf(hex, "%2hhx", &out[n++]);
    return n;
}

static int run_postcard(void) {
    static char line[1 << 20];
    static unsigned char c[1 << 18], p[1 << 16], out[1 << 18];
    static char c_hex[1 << 19], p_hex[1 << 17], want[1 << 19];
    int failed = 0, passed = 0;
    long long now;
    while (fgets(line, sizeof line, stdin)) {
        if (sscanf(line, "%s %s %lld %s", c_hex, p_hex, &now, want) != 4) continue;
        size_t clen = from_hex(c_hex, c), plen = from_hex(p_hex, p);
        SgResult r;
        int status = sg_evaluate_postcard(c, clen, p, plen, now, out, sizeof out, &r);
        char got[sizeof want];
        got[0] = 0;
        for (size_t i = 0; status == SG_OK && i < r.len; i++) sprintf(got + 2 * i, "%02x", out[i]);
        if (status == SG_OK && strcmp(got, want) == 0) {
            passed++;
        } else {
            failed++;
            printf("FAIL postcard: status %s %s %s\n", sg_status_name(status), r.stage, r.code);
        }
    }
    printf("c postcard: %d passed, %d failed\n", passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: check VECTOR_DIR | check --postcard < LINES\n");
        return 2;
    }
    if (sg_catalogue_version() < 1 || strlen(sg_version()) == 0) return 1;
    return strcmp(argv[1], "--postcard") == 0 ? run_postcard() : run_json(argv[1]);
}
