/*
 * testkit.h — the harness shared by the C tests (check_corpus.c, check_vidrio.c): counting checks,
 * main() with its scratch folder, SHA-256, the hand-built TIFF writer, and the string search over
 * expected.json with the per-file loop of the corpus checks. Header-only (static inline), libc only:
 * each test still includes only its own API header. Include it after defining _POSIX_C_SOURCE
 * 200809L (mkdtemp).
 */
#ifndef SITIFF_TESTKIT_H
#define SITIFF_TESTKIT_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* main(): runs tests(dir, corpus) with a fresh scratch folder made from `template` ("/tmp/name_XXXXXX")
   and the corpus folder, removes the folder, prints the summary and returns the exit code. */
static inline int testkit_main(int argc, char **argv, const char *template,
                               void (*tests)(const char *dir, const char *corpus))
{
    const char *corpus = testkit_corpus_dir(argc, argv);
    char dir[256];
    snprintf(dir, sizeof dir, "%s", template);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 2;
    }
    tests(dir, corpus);
    rmdir(dir);
    return testkit_summary();
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

static inline int testkit_write_file(const char *path, const void *bytes, size_t n)
{
    FILE *out = fopen(path, "wb");
    if (!out)
        return 0;
    size_t written = fwrite(bytes, 1, n, out);
    fclose(out);
    return written == n;
}

/* One entry of a classic TIFF IFD. */
typedef struct {
    unsigned tag, type;
    uint32_t count, value;
} testkit_entry;

/* Writes the IFD at `ifd`: entry count, the entries, the next IFD's offset; returns its size. SHORT
   values sit left-justified in the field; an ASCII entry of up to 4 bytes holds `text` itself. */
static inline size_t testkit_put_ifd(unsigned char *ifd, int big, const testkit_entry *tags, size_t n,
                                     const char *text, uint32_t next)
{
    put16(ifd, big, (unsigned)n);
    unsigned char *e = ifd + 2;
    for (size_t i = 0; i < n; i++, e += 12) {
        put16(e, big, tags[i].tag);
        put16(e + 2, big, tags[i].type);
        put32(e + 4, big, tags[i].count);
        if (tags[i].type == 2 && tags[i].count <= 4 && text)
            memcpy(e + 8, text, tags[i].count);
        else if (tags[i].type == 3)
            put16(e + 8, big, tags[i].value);
        else
            put32(e + 8, big, tags[i].value);
    }
    put32(e, big, next);
    return 2 + 12 * n + 4;
}

/*
 * A classic TIFF of `frames` pages of width x height 16-bit samples (pixel(f, y, x)), one strip each,
 * compression and SampleFormat as given. Per page: the IFD, its description (descriptions[f], none
 * when NULL; one of up to 4 bytes sits in its entry), the pixels. Returns 0 when not written.
 */
static inline int testkit_write_tiff16(const char *path, int big, int frames, int width, int height,
                                       unsigned compression, unsigned sample_format,
                                       const char *const *descriptions, uint16_t (*pixel)(int f, int y, int x))
{
    unsigned char file[4096];
    memset(file, 0, sizeof file);
    size_t at = 8, frame_bytes = (size_t)width * height * 2;
    file[0] = file[1] = big ? 'M' : 'I';
    put16(file + 2, big, 42);
    put32(file + 4, big, (uint32_t)at);
    for (int f = 0; f < frames; f++) {
        const char *d = descriptions[f];
        size_t entries = d ? 9 : 8;
        size_t ifd = at, desc = ifd + 2 + entries * 12 + 4;
        size_t dlen = d ? strlen(d) + 1 : 0;
        size_t pix = desc + dlen + (dlen & 1), next = pix + frame_bytes;
        if (next > sizeof file)
            return 0;
        testkit_entry tags[9] = {
            {256, 3, 1, (uint32_t)width}, {257, 3, 1, (uint32_t)height}, {258, 3, 1, 16}, {259, 3, 1, compression},
            {262, 3, 1, 1}, {273, 4, 1, (uint32_t)pix}, {279, 4, 1, (uint32_t)frame_bytes}, {339, 3, 1, sample_format}};
        if (d) { /* keep the entries sorted: 270 goes before 273 */
            memmove(&tags[6], &tags[5], 3 * sizeof tags[0]);
            tags[5] = (testkit_entry){270, 2, (uint32_t)dlen, (uint32_t)desc};
        }
        testkit_put_ifd(file + ifd, big, tags, entries, d, f + 1 < frames ? (uint32_t)next : 0);
        if (d && dlen > 4)
            memcpy(file + desc, d, dlen);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                put16(file + pix + 2 * ((size_t)y * width + x), big, pixel(f, y, x));
        at = next;
    }
    return testkit_write_file(path, file, at);
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

/* One corpus file: its section of expected.json, its path, and the fields every test compares
   (-1 and "" when absent). */
typedef struct {
    const char *name, *path, *begin, *end;
    long long ifds, width, height, samples_per_pixel;
    char dtype[32], sha256[80];
} testkit_file;

/* Calls each(file) for every key of expected.json's "files" (two-space indentation, between "files"
   and "groups"); a key without its section is a failed check. Returns how many keys. */
static inline int testkit_each_file(const char *json, const char *corpus, void (*each)(const testkit_file *file))
{
    const char *files = strstr(json, "\n \"files\": {"), *groups = strstr(json, "\n \"groups\": {");
    int seen = 0;
    for (const char *p = files; p && p < groups; p = strchr(p + 1, '\n')) {
        if (strncmp(p, "\n  \"", 4) != 0)
            continue;
        const char *q = p + 4, *e = strchr(q, '"');
        char name[1024], path[2048];
        snprintf(name, sizeof name, "%.*s", (int)(e - q), q);
        seen++;
        testkit_file f = {name, path, NULL, NULL, -1, -1, -1, -1, "", ""};
        if (!find_section(json, name, &f.begin, &f.end)) {
            check(0, "%s: not in expected.json", name);
            continue;
        }
        snprintf(path, sizeof path, "%s/%s", corpus, name);
        find_int(f.begin, f.end, 3, "ifd_count", &f.ifds);
        find_int(f.begin, f.end, 3, "width", &f.width);
        find_int(f.begin, f.end, 3, "height", &f.height);
        find_int(f.begin, f.end, 3, "samples_per_pixel", &f.samples_per_pixel);
        find_string(f.begin, f.end, 3, "dtype", f.dtype, sizeof f.dtype);
        find_string(f.begin, f.end, 3, "pixel_sha256", f.sha256, sizeof f.sha256);
        each(&f);
    }
    return seen;
}

/* The corpus checks' start: each(file) for every file of expected.json, and that all 26 were seen.
   Returns expected.json (free it), or NULL when the corpus is not there (skipped). */
static inline char *testkit_check_files(const char *corpus, void (*each)(const testkit_file *file))
{
    char *json = testkit_expected(corpus);
    if (!json)
        return NULL;
    int seen = testkit_each_file(json, corpus, each);
    check(seen == 26, "corpus: %d files checked", seen);
    return json;
}

/* IFD 0's description as read (size bytes), trailing spaces and NULs removed, equals its text in
   expected.json. */
static inline void testkit_check_description0(const testkit_file *f, const char *desc, size_t size)
{
    const char *texts = strstr(f->begin, "\"ifd\": 0,\n");
    char *raw = malloc(1 << 20), *want = malloc(1 << 20);
    if (texts && texts < f->end && find_string(texts, f->end, 6, "text", raw, 1 << 20)) {
        size_t want_len = json_unescape(raw, want);
        while (size > 0 && (desc[size - 1] == ' ' || desc[size - 1] == 0))
            size--;
        check(size == want_len && memcmp(desc, want, size) == 0, "%s: description of IFD 0 (%zu vs %zu bytes)",
              f->name, size, want_len);
    } else {
        check(0, "%s: expected description text not found", f->name);
    }
    free(raw);
    free(want);
}

#endif
