/*
 * check_vidrio.c — checks Vidrio's C API (ScanImageTiffReader_*) of libscanimagetiff through
 * scanimagetiffreader.h only, as a program written for Vidrio's library would use it.
 *
 *   cc -Wall -Werror -std=c99 -I Engine.Native/include check_vidrio.c -L<dir> -lscanimagetiff
 *   ./check_vidrio [corpus-dir]
 *
 * Part 1 writes small TIFFs byte by byte (int16, both byte orders, a single page, a compressed one) and
 * checks every function against values known by construction, plus what this library does on purpose
 * unlike Vidrio's (per-call errors, bounds checks, calls after Close, refused compression).
 * Part 2 runs every function on every corpus file and compares with expected.json: frame count, struct nd
 * (dims, strides, type), SHA-256 of GetData and of each frame read with GetFrameInterval, IFD 0's
 * description, all descriptions, and the metadata (ScanImage 2016+: section 0 + "\n" + section 1).
 * Prints "N passed, M failed" and exits 1 on any failure.
 */
#define _POSIX_C_SOURCE 200809L
#include "scanimagetiffreader.h"
#include "testkit.h"

#include <unistd.h>

static const char *testkit_detail(void) { return ""; }

/* The call succeeded: no message in log. */
#define CHECK_LOG_NULL(r, what) check((r).log == NULL, "%s: log is \"%s\" (line %d)", what, (r).log ? (r).log : "", __LINE__)

/* ------------------------------------------------------------------------------------------------ */
/* Hand-built files: NF frames W x H int16, one strip each.                                          */

enum { W = 5, H = 4, NF = 3 };

static int16_t value(int f, int y, int x) { return (int16_t)(-300 + 1000 * f + 16 * y + x); }

static uint16_t stored(int f, int y, int x) { return (uint16_t)value(f, y, x); }

/* frames = NF or 1; compression 1 or 7 (JPEG: not decoded; the pixels are stored raw anyway). */
static int write_file(const char *path, int big, int frames, unsigned compression)
{
    static const char *const descriptions[NF] = {"alpha", "be", NULL}; /* IFD 2 has no ImageDescription */
    return testkit_write_tiff16(path, big, frames, W, H, compression, 2, descriptions, stored);
}

static int frames_equal(const int16_t *got, int first, int count)
{
    for (int f = 0; f < count; f++)
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                if (got[(f * H + y) * W + x] != value(first + f, y, x))
                    return 0;
    return 1;
}

static void check_handmade(const char *dir, int big)
{
    char path[512];
    snprintf(path, sizeof path, "%s/stack_%s.tif", dir, big ? "be" : "le");
    check(write_file(path, big, NF, 1), "write %s", path);
    const char *tag = big ? "big-endian" : "little-endian";

    ScanImageTiffReader r = ScanImageTiffReader_Open(path);
    check(r.handle != NULL && r.log == NULL, "%s: open", tag);

    struct nd s = ScanImageTiffReader_GetShape(&r);
    CHECK_LOG_NULL(r, "GetShape");
    check(s.ndim == 3 && s.type == nd_i16 && s.dims[0] == W && s.dims[1] == H && s.dims[2] == NF && s.dims[3] == 1
              && s.dims[9] == 1,
          "%s: shape ndim %u type %d dims %llu %llu %llu", tag, s.ndim, (int)s.type, (unsigned long long)s.dims[0],
          (unsigned long long)s.dims[1], (unsigned long long)s.dims[2]);
    check(s.strides[0] == 1 && s.strides[1] == W && s.strides[2] == W * H && s.strides[3] == W * H * NF
              && s.strides[10] == W * H * NF,
          "%s: strides %lld %lld %lld %lld", tag, (long long)s.strides[0], (long long)s.strides[1],
          (long long)s.strides[2], (long long)s.strides[3]);
    check(sizeof(struct nd) == 176 && sizeof(ScanImageTiffReader) == 2 * sizeof(void *), "struct sizes");

    check(ScanImageTiffReader_GetFrameCount(&r) == NF && ScanImageTiffReader_GetImageDescriptionCount(&r) == NF,
          "%s: frame count", tag);
    size_t bytes = ScanImageTiffReader_GetDataSizeBytes(&r);
    check(bytes == (size_t)W * H * NF * 2, "%s: data size %zu", tag, bytes);
    int16_t stack[NF * H * W];
    memset(stack, 0, sizeof stack);
    check(ScanImageTiffReader_GetData(&r, (char *)stack, sizeof stack) == 1, "%s: GetData", tag);
    CHECK_LOG_NULL(r, "GetData");
    check(frames_equal(stack, 0, NF), "%s: GetData values (host byte order)", tag);

    /* Too small: 0, a message, nothing written; the next call works again (errors are per call). */
    int16_t small[W * H];
    memset(small, 0x7f, sizeof small);
    check(ScanImageTiffReader_GetData(&r, (char *)small, sizeof small) == 0 && r.log != NULL
              && strstr(r.log, "Input buffer size wasn't large enough") != NULL,
          "%s: GetData into a short buffer fails", tag);
    check(small[0] == 0x7f7f, "%s: nothing written on failure", tag);

    check(ScanImageTiffReader_GetFrameIntervalSizeBytes(&r, 1, 3) == 2 * W * H * 2, "%s: interval size", tag);
    CHECK_LOG_NULL(r, "GetFrameIntervalSizeBytes after a failure (not sticky)");
    int16_t two[2 * H * W];
    check(ScanImageTiffReader_GetFrameInterval(&r, 1, 3, (char *)two, sizeof two) == 1 && frames_equal(two, 1, 2),
          "%s: GetFrameInterval [1, 3)", tag);
    check(ScanImageTiffReader_GetFrameInterval(&r, 2, 2, NULL, 0) == 1, "%s: empty interval", tag);
    check(ScanImageTiffReader_GetFrameIntervalSizeBytes(&r, 2, 5) == 0 && r.log && strstr(r.log, "[2, 5)"),
          "%s: interval past the end is refused", tag);
    check(ScanImageTiffReader_GetFrameInterval(&r, 3, 1, (char *)two, sizeof two) == 0 && r.log,
          "%s: reversed interval is refused", tag);

    /* Descriptions: "alpha\0", "be\0", none. */
    check(ScanImageTiffReader_GetImageDescriptionSizeBytes(&r, 0) == 6
              && ScanImageTiffReader_GetImageDescriptionSizeBytes(&r, 1) == 3
              && ScanImageTiffReader_GetImageDescriptionSizeBytes(&r, 2) == 0 && r.log == NULL,
          "%s: description sizes", tag);
    char text[16];
    memset(text, 'x', sizeof text);
    check(ScanImageTiffReader_GetImageDescription(&r, 0, text, sizeof text) == 1 && memcmp(text, "alpha\0x", 7) == 0,
          "%s: description 0", tag);
    memset(text, 'x', sizeof text);
    check(ScanImageTiffReader_GetImageDescription(&r, 0, text, 3) == 1 && memcmp(text, "alpx", 4) == 0,
          "%s: description truncated to the buffer, as Vidrio", tag);
    check(ScanImageTiffReader_GetImageDescription(&r, 2, text, sizeof text) == 1, "%s: empty description", tag);
    check(ScanImageTiffReader_GetImageDescriptionSizeBytes(&r, 3) == 0 && r.log && strstr(r.log, "out of range"),
          "%s: description index past the end", tag);
    check(ScanImageTiffReader_GetImageDescription(&r, -1, text, sizeof text) == 0 && r.log, "%s: negative index", tag);
    check(ScanImageTiffReader_GetAllImageDescriptionsSizeBytes(&r) == 9, "%s: all descriptions size", tag);
    char all[9];
    check(ScanImageTiffReader_GetAllImageDescriptions(&r, all, sizeof all) == 1 && memcmp(all, "alpha\0be\0", 9) == 0,
          "%s: all descriptions", tag);
    check(ScanImageTiffReader_GetAllImageDescriptions(&r, all, 8) == 0 && r.log, "%s: all descriptions, short buffer", tag);

    /* A plain TIFF has no ScanImage metadata. */
    check(ScanImageTiffReader_GetMetadataSizeBytes(&r) == 0 && r.log == NULL, "%s: no metadata", tag);
    check(ScanImageTiffReader_GetMetadata(&r, NULL, 0) == 1, "%s: empty metadata copy", tag);

    /* Close: handle NULL; further calls report instead of crashing; a second Close and a stale copy are harmless. */
    ScanImageTiffReader copy = r;
    ScanImageTiffReader_Close(&r);
    check(r.handle == NULL, "%s: Close clears the handle", tag);
    check(ScanImageTiffReader_GetFrameCount(&r) == 0 && r.log && strstr(r.log, "not open"), "%s: call after Close", tag);
    ScanImageTiffReader_Close(&r);
    ScanImageTiffReader_Close(&copy);
    struct nd z = ScanImageTiffReader_GetShape(&copy);
    check(z.ndim == 0 && z.dims[0] == 0 && copy.log != NULL, "%s: stale copy of a closed context: zeroed shape + log", tag);
    check(ScanImageTiffReader_GetData(&copy, (char *)stack, sizeof stack) == 0, "%s: GetData on a stale copy", tag);
    unlink(path);
}

static void check_special_files(const char *dir)
{
    char path[512];

    /* One IFD squeezes to 2-D. */
    snprintf(path, sizeof path, "%s/single.tif", dir);
    check(write_file(path, 0, 1, 1), "write single");
    ScanImageTiffReader r = ScanImageTiffReader_Open(path);
    struct nd s = ScanImageTiffReader_GetShape(&r);
    check(r.log == NULL && s.ndim == 2 && s.dims[0] == W && s.dims[1] == H && s.dims[2] == 1 && s.strides[2] == W * H,
          "single page: shape [W, H]");
    int16_t one[H * W];
    check(ScanImageTiffReader_GetFrameInterval(&r, 0, 1, (char *)one, sizeof one) == 1 && frames_equal(one, 0, 1),
          "single page: GetFrameInterval [0, 1) works");
    ScanImageTiffReader_Close(&r);
    unlink(path);

    /* Compressed with a codec the engine does not decode (tag 259 = 7, JPEG): opened, but shape and data are
       refused, naming the tag (Vidrio returned raw bytes). Deflate, LZW, PackBits, zstd and LZMA are decoded. */
    snprintf(path, sizeof path, "%s/jpeg.tif", dir);
    check(write_file(path, 0, NF, 7), "write compressed");
    r = ScanImageTiffReader_Open(path);
    check(r.handle != NULL && r.log == NULL, "compressed: opens");
    check(ScanImageTiffReader_GetFrameCount(&r) == NF, "compressed: frame count");
    s = ScanImageTiffReader_GetShape(&r);
    check(s.ndim == 0 && r.log && strstr(r.log, "259"), "compressed: GetShape refused: %s", r.log ? r.log : "");
    char buf[1024];
    check(ScanImageTiffReader_GetDataSizeBytes(&r) == 0 && r.log, "compressed: data size refused");
    check(ScanImageTiffReader_GetData(&r, buf, sizeof buf) == 0 && r.log, "compressed: GetData refused");
    check(ScanImageTiffReader_GetImageDescriptionSizeBytes(&r, 1) == 3 && r.log == NULL, "compressed: descriptions still readable");
    ScanImageTiffReader_Close(&r);
    unlink(path);

    /* Open failures: handle NULL, Vidrio's wording. */
    snprintf(path, sizeof path, "%s/missing.tif", dir);
    r = ScanImageTiffReader_Open(path);
    check(r.handle == NULL && r.log && strcmp(r.log, "No such file or directory") == 0, "missing file: %s", r.log ? r.log : "");
    r = ScanImageTiffReader_Open(dir);
    check(r.handle == NULL && r.log && strcmp(r.log, "Is a directory") == 0, "directory: %s", r.log ? r.log : "");
    snprintf(path, sizeof path, "%s/text.tif", dir);
    testkit_write_file(path, "this is not a tiff file at all", 30);
    r = ScanImageTiffReader_Open(path);
    check(r.handle == NULL && r.log && strncmp(r.log, "Invalid tiff.", 13) == 0, "not a TIFF: %s", r.log ? r.log : "");
    check(ScanImageTiffReader_GetImageDescriptionCount(&r) == 0 && r.log && strstr(r.log, "not open"),
          "calls on a failed open report, not crash");
    unlink(path);
    r = ScanImageTiffReader_Open(NULL);
    check(r.handle == NULL && r.log != NULL, "NULL filename");
    ScanImageTiffReader_Close(NULL);
    check(ScanImageTiffReader_GetFrameCount(NULL) == 0, "NULL context");

    check(strncmp(ScanImageTiffReader_APIVersion(), "Version ", 8) == 0, "api version: %s", ScanImageTiffReader_APIVersion());
}

/*
 * A stack larger than the 64 MiB runs GetData copies in: 5 frames of 4096 x 2048 uint16 (16 MiB each),
 * written frame by frame, so the copy is split (4 frames, then 1) and must still land in order.
 */
enum { BIG_W = 4096, BIG_H = 2048, BIG_N = 5 };

static uint16_t big_value(int f, int y, int x) { return (uint16_t)(f * 7919 + y * 31 + x); }

static int write_big(const char *path)
{
    FILE *out = fopen(path, "wb");
    if (!out)
        return 0;
    unsigned char head[8] = {'I', 'I'}, ifd[2 + 8 * 12 + 4];
    const uint32_t frame_bytes = BIG_W * BIG_H * 2, stride = sizeof ifd + frame_bytes;
    put16(head + 2, 0, 42);
    put32(head + 4, 0, 8);
    int ok = fwrite(head, 1, 8, out) == 8;
    uint16_t *row = malloc(BIG_W * 2);
    for (int f = 0; ok && f < BIG_N; f++) {
        uint32_t at = 8 + (uint32_t)f * stride;
        testkit_entry tags[8] = {
            {256, 3, 1, BIG_W}, {257, 3, 1, BIG_H}, {258, 3, 1, 16}, {259, 3, 1, 1},
            {262, 3, 1, 1}, {273, 4, 1, at + (uint32_t)sizeof ifd}, {279, 4, 1, frame_bytes}, {339, 3, 1, 1}};
        memset(ifd, 0, sizeof ifd);
        testkit_put_ifd(ifd, 0, tags, 8, NULL, f + 1 < BIG_N ? at + stride : 0);
        ok = fwrite(ifd, 1, sizeof ifd, out) == sizeof ifd;
        for (int y = 0; ok && y < BIG_H; y++) {
            for (int x = 0; x < BIG_W; x++)
                put16((unsigned char *)&row[x], 0, big_value(f, y, x));
            ok = fwrite(row, 2, BIG_W, out) == BIG_W;
        }
    }
    free(row);
    return fclose(out) == 0 && ok;
}

static void check_large_copy(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/big.tif", dir);
    check(write_big(path), "write %s", path);
    ScanImageTiffReader r = ScanImageTiffReader_Open(path);
    size_t bytes = ScanImageTiffReader_GetDataSizeBytes(&r);
    check(r.log == NULL && bytes == (size_t)BIG_W * BIG_H * 2 * BIG_N, "large: %zu bytes", bytes);
    uint16_t *all = malloc(bytes);
    check(all && ScanImageTiffReader_GetData(&r, (char *)all, bytes) == 1, "large: GetData");
    int same = all != NULL;
    for (int f = 0; same && f < BIG_N; f++)
        for (int y = 0; same && y < BIG_H; y += 97)
            for (int x = 0; same && x < BIG_W; x += 13)
                same = all[((size_t)f * BIG_H + y) * BIG_W + x] == big_value(f, y, x);
    check(same && all[bytes / 2 - 1] == big_value(BIG_N - 1, BIG_H - 1, BIG_W - 1), "large: every frame in place");
    size_t part = ScanImageTiffReader_GetFrameIntervalSizeBytes(&r, 1, BIG_N);
    check(part == bytes / BIG_N * (BIG_N - 1) && ScanImageTiffReader_GetFrameInterval(&r, 1, BIG_N, (char *)all, part) == 1
              && all[0] == big_value(1, 0, 0) && all[part / 2 - 1] == big_value(BIG_N - 1, BIG_H - 1, BIG_W - 1),
          "large: GetFrameInterval [1, %d)", BIG_N);
    free(all);
    ScanImageTiffReader_Close(&r);
    unlink(path);
}

/* ------------------------------------------------------------------------------------------------ */
/* Corpus                                                                                           */

static void hash(const void *data, size_t n, char out[65]) { sha256_of(data, n, out); }

static void check_metadata(ScanImageTiffReader *r, const char *begin, const char *end, const char *name)
{
    size_t n = ScanImageTiffReader_GetMetadataSizeBytes(r);
    char *m = malloc(n + 1);
    check(ScanImageTiffReader_GetMetadata(r, m, n) == 1 && r->log == NULL, "%s: GetMetadata", name);
    long long n0 = 0, n1 = 0;
    char sha0[80] = "", sha1[80] = "", first[4096] = "", raw[4096];
    const char *si = strstr(begin, "\n   \"scanimage\": {");
    if (si && si < end && find_int(si, end, 4, "section0_length", &n0) && find_int(si, end, 4, "section1_length", &n1)
        && find_string(si, end, 4, "section0_sha256", sha0, sizeof sha0)
        && find_string(si, end, 4, "section1_sha256", sha1, sizeof sha1)) {
        /* 2016+ text form: section 0 with its final NUL turned into "\n", then section 1 (Vidrio's bytes). */
        int ok = n == (size_t)(n0 + n1) && n0 > 0 && m[n0 - 1] == '\n';
        char h0[65] = "", h1[65] = "";
        if (ok) {
            /* expected.json hashes each section without its trailing NUL */
            hash(m, (size_t)n0 - 1, h0);
            hash(m + n0, (size_t)n1 - 1, h1);
        }
        check(ok && strcmp(h0, sha0) == 0 && strcmp(h1, sha1) == 0, "%s: metadata = section 0 + \\n + section 1 (%zu bytes)", name, n);
    } else if (si && si < end && find_string(si, end, 5, "first_line", raw, sizeof raw)) {
        /* Older ScanImage: the frame-invariant text (Vidrio returned NULs here). */
        json_unescape(raw, first);
        check(n >= strlen(first) && memcmp(m, first, strlen(first)) == 0, "%s: legacy metadata starts with the state header", name);
    } else {
        check(0, "%s: no scanimage section in expected.json", name);
    }
    free(m);
}

static void check_file(const testkit_file *file)
{
    const char *name = file->name, *begin = file->begin, *end = file->end, *dtype = file->dtype, *sha = file->sha256;
    long long ifds = file->ifds, width = file->width, height = file->height, spp = file->samples_per_pixel;
    ScanImageTiffReader r = ScanImageTiffReader_Open(file->path);
    if (r.log) {
        check(0, "%s: open: %s", name, r.log);
        return;
    }

    check(ScanImageTiffReader_GetImageDescriptionCount(&r) == ifds && ScanImageTiffReader_GetFrameCount(&r) == (unsigned)ifds,
          "%s: frame count", name);
    struct nd s = ScanImageTiffReader_GetShape(&r);
    /* Vidrio's rule: [samples, width, height, frames] with the 1s removed. */
    uint64_t want[4];
    unsigned k = 0;
    long long all[4] = {spp, width, height, ifds};
    for (int i = 0; i < 4; i++)
        if (all[i] != 1)
            want[k++] = (uint64_t)all[i];
    int same = r.log == NULL && s.ndim == k && (int)s.type == dtype_code(dtype);
    for (unsigned i = 0; same && i < k; i++)
        same = s.dims[i] == want[i] && s.strides[i + 1] == s.strides[i] * (int64_t)s.dims[i];
    check(same && s.strides[0] == 1, "%s: struct nd (ndim %u, type %d)", name, s.ndim, (int)s.type);

    size_t bytes = ScanImageTiffReader_GetDataSizeBytes(&r);
    char *data = malloc(bytes ? bytes : 1);
    char hex[65] = "";
    check(ScanImageTiffReader_GetData(&r, data, bytes) == 1, "%s: GetData", name);
    hash(data, bytes, hex);
    check(strcmp(hex, sha) == 0, "%s: GetData sha256 %s, expected %s", name, hex, sha);

    /* Every frame through GetFrameInterval equals its expected hash; [1, n) equals GetData's tail. */
    int frames_ok = 1, listed = 0;
    const char *p = strstr(begin, "\"frame_sha256\": [");
    const char *list_end = p ? strstr(p, "\n   ],") : NULL;
    while (p && list_end && (p = strstr(p, "\"ifd\": ")) != NULL && p < list_end) {
        long long i = strtoll(p + 7, NULL, 10);
        char want_hex[80] = "";
        const char *h = strstr(p, "\"sha256\": \""); /* one object per line: {"ifd": 0, "sha256": "..."} */
        if (h && h < list_end)
            snprintf(want_hex, sizeof want_hex, "%.64s", h + 11);
        if (!h || h >= list_end || i < 0 || i >= ifds) {
            frames_ok = 0;
            break;
        }
        size_t fb = ScanImageTiffReader_GetFrameIntervalSizeBytes(&r, (unsigned)i, (unsigned)i + 1);
        char *frame = malloc(fb ? fb : 1);
        frames_ok &= ScanImageTiffReader_GetFrameInterval(&r, (unsigned)i, (unsigned)i + 1, frame, fb) == 1;
        hash(frame, fb, hex);
        frames_ok &= strcmp(hex, want_hex) == 0;
        free(frame);
        listed++;
        p += 7;
    }
    frames_ok &= listed > 0;
    check(frames_ok, "%s: GetFrameInterval hashes of the %d frames listed", name, listed);
    if (ifds > 1) {
        size_t tail = ScanImageTiffReader_GetFrameIntervalSizeBytes(&r, 1, (unsigned)ifds);
        char *part = malloc(tail);
        check(ScanImageTiffReader_GetFrameInterval(&r, 1, (unsigned)ifds, part, tail) == 1
                  && memcmp(part, data + (bytes - tail), tail) == 0,
              "%s: GetFrameInterval(1, n) equals GetData's tail", name);
        free(part);
    }
    free(data);

    /* IFD 0's description, trailing spaces and NULs removed, equals the expected text; the sum of all
       sizes equals GetAllImageDescriptionsSizeBytes and the concatenation starts with IFD 0's bytes. */
    long long tag_bytes = -1;
    find_int(begin, end, 4, "ifd0_tag_byte_count", &tag_bytes);
    size_t size0 = ScanImageTiffReader_GetImageDescriptionSizeBytes(&r, 0);
    check((long long)size0 == tag_bytes, "%s: description 0 is %zu bytes, expected %lld", name, size0, tag_bytes);
    char *desc = malloc(size0 + 1);
    check(ScanImageTiffReader_GetImageDescription(&r, 0, desc, size0) == 1, "%s: GetImageDescription", name);
    testkit_check_description0(file, desc, size0);
    size_t total = 0;
    for (long long i = 0; i < ifds; i++)
        total += ScanImageTiffReader_GetImageDescriptionSizeBytes(&r, (int)i);
    size_t all_size = ScanImageTiffReader_GetAllImageDescriptionsSizeBytes(&r);
    char *every = malloc(all_size + 1);
    check(all_size == total && ScanImageTiffReader_GetAllImageDescriptions(&r, every, all_size) == 1
              && memcmp(every, desc, size0) == 0,
          "%s: all descriptions (%zu bytes)", name, all_size);
    free(every);
    free(desc);

    check_metadata(&r, begin, end, name);
    check(ScanImageTiffReader_GetFrameIntervalSizeBytes(&r, 0, (unsigned)ifds + 1) == 0 && r.log != NULL,
          "%s: interval past the end refused", name);
    ScanImageTiffReader_Close(&r);
    check(r.handle == NULL, "%s: closed", name);
}

static void run(const char *dir, const char *corpus)
{
    check_handmade(dir, 0);
    check_handmade(dir, 1);
    check_special_files(dir);
    check_large_copy(dir);
    free(testkit_check_files(corpus, check_file));
}

int main(int argc, char **argv) { return testkit_main(argc, argv, "/tmp/sitiff_vidrio_XXXXXX", run); }
