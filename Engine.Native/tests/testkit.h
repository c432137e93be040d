/*
 * testkit.h — helpers shared by the C tests (check_corpus.c, check_vidrio.c): SHA-256, the byte
 * writers of the hand-built TIFFs, and the string search over expected.json. Header-only
 * (static inline), library-independent: each test still includes only its own API header.
 */
#ifndef SITIFF_TESTKIT_H
#define SITIFF_TESTKIT_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------------ */
/* Counting checks. Each test defines testkit_detail(): text printed after a failure (its library's  */
/* last error, or "").                                                                               */

static int g_passed, g_failed;

static const char *testkit_detail(void);

static inline void check(int ok, const char *fmt, ...)
{
    if (ok) {
        g_passed++;
        return;
    }
    g_failed++;
    va_list ap;
    va_start(ap, fmt);
    fputs("FAIL: ", stdout);
    vprintf(fmt, ap);
    va_end(ap);
    const char *detail = testkit_detail();
    if (detail && *detail)
        printf("  [last error: %s]", detail);
    putchar('\n');
}

/* "N passed, M failed" (what run.sh and .ci/run read) and the exit code. */
static inline int testkit_summary(void)
{
    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}

/* The corpus folder: argv[1], else $SITIFF_CORPUS, else ../shared/corpus/real. */
static inline const char *testkit_corpus_dir(int argc, char **argv)
{
    const char *corpus = argc > 1 ? argv[1] : getenv("SITIFF_CORPUS");
    return corpus && *corpus ? corpus : "../shared/corpus/real";
}

/* ------------------------------------------------------------------------------------------------ */
/* SHA-256 (FIPS 180-4), small and public-domain style.                                             */

typedef struct {
    uint32_t h[8];
    uint64_t length;
    unsigned char block[64];
    size_t used;
} sha256_ctx;

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static inline void sha256_block(sha256_ctx *c, const unsigned char *p)
{
    uint32_t w[64], a, b, d, e, f, g, h, cc, t1, t2;
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = c->h[0]; b = c->h[1]; cc = c->h[2]; d = c->h[3]; e = c->h[4]; f = c->h[5]; g = c->h[6]; h = c->h[7];
    for (int i = 0; i < 64; i++) {
        t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i];
        t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & cc) ^ (b & cc));
        h = g; g = f; f = e; e = d + t1; d = cc; cc = b; b = a; a = t1 + t2;
    }
    c->h[0] += a; c->h[1] += b; c->h[2] += cc; c->h[3] += d; c->h[4] += e; c->h[5] += f; c->h[6] += g; c->h[7] += h;
}

static inline void sha256_init(sha256_ctx *c)
{
    static const uint32_t init[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(c->h, init, sizeof init);
    c->length = 0;
    c->used = 0;
}

static inline void sha256_update(sha256_ctx *c, const void *data, size_t n)
{
    const unsigned char *p = data;
    c->length += n;
    while (n > 0) {
        size_t take = 64 - c->used < n ? 64 - c->used : n;
        memcpy(c->block + c->used, p, take);
        c->used += take;
        p += take;
        n -= take;
        if (c->used == 64) {
            sha256_block(c, c->block);
            c->used = 0;
        }
    }
}

static inline void sha256_hex(sha256_ctx *c, char out[65])
{
    uint64_t bits = c->length * 8;
    unsigned char pad = 0x80, zero = 0, len[8];
    sha256_update(c, &pad, 1);
    while (c->used != 56)
        sha256_update(c, &zero, 1);
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)(bits >> (56 - 8 * i));
    sha256_update(c, len, 8);
    for (int i = 0; i < 8; i++)
        sprintf(out + 8 * i, "%08x", c->h[i]);
}

static inline void sha256_of(const void *data, size_t n, char out[65])
{
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, data, n);
    sha256_hex(&c, out);
}


static inline void put16(unsigned char *p, int big, unsigned v)
{
    p[big ? 0 : 1] = (unsigned char)(v >> 8);
    p[big ? 1 : 0] = (unsigned char)v;
}

static inline void put32(unsigned char *p, int big, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[big ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}


/* ------------------------------------------------------------------------------------------------ */
/* expected.json by string search                                                                   */

static inline char *read_all(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    if (fread(text, 1, (size_t)n, f) != (size_t)n) {
        free(text);
        fclose(f);
        return NULL;
    }
    text[n] = 0;
    fclose(f);
    if (size)
        *size = (size_t)n;
    return text;
}

/* The object of `key` at two-space indentation ("files" entries and "groups" entries), up to the next one. */
static inline int find_section(const char *json, const char *key, const char **begin, const char **end)
{
    char pattern[1200];
    snprintf(pattern, sizeof pattern, "\n  \"%s\": {", key);
    const char *at = strstr(json, pattern);
    if (!at)
        return 0;
    *begin = at + strlen(pattern);
    const char *p = *begin;
    while ((p = strchr(p, '\n')) != NULL) {
        if (p[1] == ' ' && p[2] == ' ' && p[3] != ' ')
            break;
        p++;
    }
    *end = p ? p : json + strlen(json);
    return 1;
}

/* A number field at a given indentation inside [begin, end); returns 0 when absent or null. */
static inline int find_int(const char *begin, const char *end, int indent, const char *name, long long *value)
{
    char pattern[200];
    snprintf(pattern, sizeof pattern, "\n%*s\"%s\": ", indent, "", name);
    const char *at = strstr(begin, pattern);
    if (!at || at >= end)
        return 0;
    at += strlen(pattern);
    if (*at == 'n')
        return 0;
    *value = strtoll(at, NULL, 10);
    return 1;
}

/* A string field's raw (escaped) text at a given indentation; copies up to the closing quote. */
static inline int find_string(const char *begin, const char *end, int indent, const char *name, char *out, size_t cap)
{
    char pattern[200];
    snprintf(pattern, sizeof pattern, "\n%*s\"%s\": \"", indent, "", name);
    const char *at = strstr(begin, pattern);
    if (!at || at >= end)
        return 0;
    at += strlen(pattern);
    size_t n = 0;
    while (at[n] && !(at[n] == '"' && (n == 0 || at[n - 1] != '\\')) && n + 1 < cap) {
        out[n] = at[n];
        n++;
    }
    out[n] = 0;
    return 1;
}

/* Decodes the JSON escapes used in expected.json (\n \r \t \" \\ \/ and \u00XX). */
static inline size_t json_unescape(const char *in, char *out)
{
    size_t n = 0;
    for (const char *p = in; *p; p++) {
        if (*p != '\\') {
            out[n++] = *p;
            continue;
        }
        p++;
        switch (*p) {
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u': {
            unsigned v = 0;
            sscanf(p + 1, "%4x", &v);
            out[n++] = (char)v; /* only ASCII escapes occur in the corpus texts */
            p += 4;
            break;
        }
        default: out[n++] = *p; break;
        }
    }
    out[n] = 0;
    return n;
}

static inline int dtype_code(const char *name)
{
    static const char *names[10] = {"uint8", "uint16", "uint32", "uint64", "int8",
                                    "int16", "int32", "int64", "float32", "float64"};
    for (int i = 0; i < 10; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}


/* expected.json of the corpus (free it), or NULL after printing why the corpus checks are skipped. */
static inline char *testkit_expected(const char *corpus)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/expected.json", corpus);
    char *json = read_all(path, NULL);
    if (!json)
        printf("SKIP corpus checks: %s not found (pass the corpus folder as argv[1] or SITIFF_CORPUS)\n", path);
    return json;
}

/* Calls each(json, corpus, name) for every key of expected.json's "files" (two-space indentation,
   between "files" and "groups"); returns how many. */
static inline int testkit_each_file(const char *json, const char *corpus,
                                    void (*each)(const char *json, const char *corpus, const char *name))
{
    const char *files = strstr(json, "\n \"files\": {"), *groups = strstr(json, "\n \"groups\": {");
    int seen = 0;
    for (const char *p = files; p && p < groups; p = strchr(p + 1, '\n')) {
        if (strncmp(p, "\n  \"", 4) != 0)
            continue;
        const char *q = p + 4, *e = strchr(q, '"');
        char name[1024];
        snprintf(name, sizeof name, "%.*s", (int)(e - q), q);
        each(json, corpus, name);
        seen++;
    }
    return seen;
}

#endif
