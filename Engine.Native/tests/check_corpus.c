/*
 * check_corpus.c — checks libscanimagetiff through its C header only.
 *
 *   cc -Wall -Werror -std=c99 -I Engine.Native/include check_corpus.c -L<dir> -lscanimagetiff -lpthread
 *   ./check_corpus [corpus-dir]        (or SITIFF_CORPUS=...; default ../shared/corpus/real)
 *
 * Part 1 writes small TIFF files byte by byte (little- and big-endian) and checks every call against
 * values known by construction, plus the error model (codes, per-thread messages, stale handles).
 * Part 2 opens every real file of the corpus and compares with expected.json: frame count, shape,
 * dtype code, SHA-256 of all pixels, IFD 0's description, the acquisition structure, and the two
 * multi-file acquisitions as one handle. Expected values are found in expected.json by plain string
 * search (its layout is fixed: one key per line, two-space indentation per level).
 * Prints "N passed, M failed" and exits 1 on any failure.
 */
#define _POSIX_C_SOURCE 200809L
#include "scanimagetiff.h"
#include "testkit.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *testkit_detail(void) { return sitiff_last_error(); }

#define CHECK_OK(call) check((call) == SITIFF_OK, "%s (line %d)", #call, __LINE__)

/* ------------------------------------------------------------------------------------------------ */
/* Hand-built TIFF files                                                                            */

/* Sample value of frame f at (y, x): distinct everywhere, and byte order visible (> 255). */
static uint16_t sample(int f, int y, int x) { return (uint16_t)(1000 * (f + 1) + 16 * y + x); }

enum { W = 4, H = 3, NF = 2 };

/* NF frames W x H uint16, ImageDescription "first"/"second". */
static int write_tiff(const char *path, int big)
{
    static const char *const descriptions[NF] = {"first", "second"};
    return testkit_write_tiff16(path, big, NF, W, H, 1, 1, descriptions, sample);
}

static void check_handmade(const char *dir, int big)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/handmade_%s.tif", dir, big ? "be" : "le");
    check(write_tiff(path, big), "write %s", path);
    const char *tag = big ? "big-endian" : "little-endian";

    sitiff_handle h = 0;
    CHECK_OK(sitiff_open(path, &h));
    check(h != 0, "%s: handle is non-zero", tag);
    check(strcmp(sitiff_last_error(), "") == 0, "%s: last error empty after success", tag);

    int64_t n = -1;
    CHECK_OK(sitiff_frame_count(h, &n));
    check(n == NF, "%s: frame count %lld", tag, (long long)n);

    sitiff_shape s;
    CHECK_OK(sitiff_get_shape(h, &s));
    check(s.frames == NF && s.height == H && s.width == W && s.samples_per_pixel == 1 && s.type == SITIFF_U16 &&
              s.bytes_per_sample == 2,
          "%s: shape %lld x %lld x %lld x %lld type %d", tag, (long long)s.frames, (long long)s.height,
          (long long)s.width, (long long)s.samples_per_pixel, s.type);

    sitiff_nd nd;
    CHECK_OK(sitiff_vidrio_shape(h, &nd));
    check(nd.ndim == 3 && nd.type == SITIFF_U16 && nd.dims[0] == W && nd.dims[1] == H && nd.dims[2] == NF &&
              nd.dims[3] == 1 && nd.strides[0] == 1 && nd.strides[1] == W && nd.strides[3] == W * H * NF,
          "%s: Vidrio shape ndim %u dims %llu %llu %llu", tag, nd.ndim, (unsigned long long)nd.dims[0],
          (unsigned long long)nd.dims[1], (unsigned long long)nd.dims[2]);

    uint16_t data[NF * H * W], expect[NF * H * W];
    for (int f = 0; f < NF; f++)
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                expect[(f * H + y) * W + x] = sample(f, y, x);
    uint64_t bytes = 0;
    CHECK_OK(sitiff_data_size(h, &bytes));
    check(bytes == sizeof data, "%s: data size %llu", tag, (unsigned long long)bytes);
    memset(data, 0, sizeof data);
    CHECK_OK(sitiff_read_data(h, data, sizeof data));
    check(memcmp(data, expect, sizeof data) == 0, "%s: samples in host order", tag);

    /* Bounds and buffer checks: nothing is written on failure. */
    memset(data, 0xAB, sizeof data);
    check(sitiff_read_data(h, data, sizeof data - 1) == SITIFF_E_BUFFER_TOO_SMALL, "%s: small buffer refused", tag);
    check(strstr(sitiff_last_error(), "needs") != NULL, "%s: message says what is needed", tag);
    check(data[0] == 0xABAB, "%s: nothing written on failure", tag);
    check(sitiff_read_interval(h, 1, 3, data, sizeof data) == SITIFF_E_OUT_OF_RANGE, "%s: [1,3) out of range", tag);
    check(sitiff_read_interval(h, 2, 1, data, sizeof data) == SITIFF_E_OUT_OF_RANGE, "%s: [2,1) refused", tag);
    check(sitiff_read_interval(h, -1, 1, data, sizeof data) == SITIFF_E_OUT_OF_RANGE, "%s: [-1,1) refused", tag);
    CHECK_OK(sitiff_interval_size(h, 1, 2, &bytes));
    check(bytes == W * H * 2, "%s: interval size", tag);
    CHECK_OK(sitiff_read_interval(h, 1, 2, data, bytes));
    check(memcmp(data, expect + W * H, bytes) == 0, "%s: frame 1 via interval", tag);
    CHECK_OK(sitiff_read_interval(h, 1, 1, NULL, 0)); /* empty interval: nothing to write */

    int64_t list[3] = {1, 0, 1};
    CHECK_OK(sitiff_ifds_size(h, list, 3, &bytes));
    check(bytes == 3 * W * H * 2, "%s: list size", tag);
    uint16_t three[3 * W * H];
    CHECK_OK(sitiff_read_ifds(h, list, 3, three, sizeof three));
    check(memcmp(three, expect + W * H, W * H * 2) == 0 && memcmp(three + W * H, expect, W * H * 2) == 0 &&
              memcmp(three + 2 * W * H, expect + W * H, W * H * 2) == 0,
          "%s: IFD list 1, 0, 1", tag);
    list[0] = 2;
    check(sitiff_read_ifds(h, list, 1, three, sizeof three) == SITIFF_E_OUT_OF_RANGE, "%s: IFD 2 refused", tag);

    /* Zero-copy: little-endian frames are handed out in place, big-endian ones are not. */
    sitiff_frame_info fi;
    CHECK_OK(sitiff_get_frame_info(h, 1, &fi));
    check(fi.width == W && fi.height == H && fi.type == SITIFF_U16 && fi.bits_per_sample == 16 &&
              fi.byte_count == W * H * 2 && fi.zero_copy == !big,
          "%s: frame info (zero_copy %d)", tag, fi.zero_copy);
    const void *pixels = (const void *)1;
    int rc = sitiff_frame_pointer(h, 1, &pixels, &bytes);
    if (big) {
        check(rc == SITIFF_E_NOT_AVAILABLE && pixels == NULL, "%s: no zero-copy pointer", tag);
    } else {
        check(rc == SITIFF_OK && pixels != NULL && bytes == W * H * 2 && memcmp(pixels, expect + W * H, bytes) == 0,
              "%s: zero-copy pointer to frame 1", tag);
    }

    /* Descriptions exactly as stored, NUL included. */
    CHECK_OK(sitiff_description_size(h, 1, &bytes));
    check(bytes == 7, "%s: description size %llu", tag, (unsigned long long)bytes);
    char text[64];
    CHECK_OK(sitiff_description(h, 1, text, sizeof text));
    check(memcmp(text, "second", 7) == 0, "%s: description 1", tag);
    check(sitiff_description(h, 1, text, 3) == SITIFF_E_BUFFER_TOO_SMALL, "%s: small description buffer", tag);
    check(sitiff_description_size(h, 2, &bytes) == SITIFF_E_OUT_OF_RANGE, "%s: description 2 out of range", tag);
    CHECK_OK(sitiff_all_descriptions_size(h, &bytes));
    check(bytes == 13, "%s: all descriptions size", tag);
    CHECK_OK(sitiff_all_descriptions(h, text, sizeof text));
    check(memcmp(text, "first\0second", 13) == 0, "%s: all descriptions", tag);
    uint64_t sizes[4];
    int64_t count = 0;
    CHECK_OK(sitiff_description_sizes(h, NULL, 0, &count));
    check(count == NF, "%s: size count", tag);
    CHECK_OK(sitiff_description_sizes(h, sizes, 4, &count));
    check(sizes[0] == 6 && sizes[1] == 7, "%s: sizes 6, 7", tag);
    check(sitiff_description_sizes(h, sizes, 1, &count) == SITIFF_E_BUFFER_TOO_SMALL, "%s: sizes capacity", tag);

    /* Not a ScanImage file: no metadata, no structure, no ROIs. */
    CHECK_OK(sitiff_metadata_size(h, &bytes));
    check(bytes == 0, "%s: no metadata", tag);
    int32_t era = -1;
    CHECK_OK(sitiff_get_era(h, &era));
    check(era == SITIFF_ERA_NONE, "%s: era none", tag);
    sitiff_structure st;
    check(sitiff_get_structure(h, &st) == SITIFF_E_NOT_AVAILABLE, "%s: no structure", tag);
    int32_t rois = -1;
    CHECK_OK(sitiff_roi_count(h, &rois));
    check(rois == 0, "%s: no ROIs", tag);
    check(sitiff_read_roi(h, 0, list, 1, three, sizeof three) == SITIFF_E_NOT_AVAILABLE, "%s: no ROI 0", tag);
    double ts[4];
    CHECK_OK(sitiff_timestamps(h, ts, 4, &count));
    check(count == NF && isnan(ts[0]) && isnan(ts[1]), "%s: timestamps NaN without ScanImage headers", tag);

    /* NULL pointers are argument errors, never crashes. */
    check(sitiff_frame_count(h, NULL) == SITIFF_E_ARGUMENT, "%s: NULL out", tag);
    check(sitiff_read_data(h, NULL, sizeof data) == SITIFF_E_ARGUMENT, "%s: NULL buffer", tag);

    /* The same file as a two-file acquisition: IFDs run on. */
    const char *paths[2] = {path, path};
    sitiff_handle twice = 0;
    CHECK_OK(sitiff_open_acquisition(paths, 2, &twice));
    CHECK_OK(sitiff_frame_count(twice, &n));
    check(n == 2 * NF, "%s: acquisition of 2 files has %lld frames", tag, (long long)n);
    uint16_t four[2 * NF * W * H];
    CHECK_OK(sitiff_read_data(twice, four, sizeof four));
    check(memcmp(four, expect, sizeof expect) == 0 && memcmp(four + NF * W * H, expect, sizeof expect) == 0,
          "%s: acquisition data", tag);
    CHECK_OK(sitiff_read_interval(twice, 1, 3, four, sizeof four));
    check(memcmp(four, expect + W * H, W * H * 2) == 0 && memcmp(four + W * H, expect, W * H * 2) == 0,
          "%s: interval across the file boundary", tag);
    CHECK_OK(sitiff_close(twice));

    CHECK_OK(sitiff_close(h));
    check(sitiff_frame_count(h, &n) == SITIFF_E_INVALID_HANDLE, "%s: closed handle refused", tag);
    check(sitiff_close(h) == SITIFF_E_INVALID_HANDLE, "%s: second close reports a stale handle", tag);
    unlink(path);
}

/* Errors are per call and per thread: one thread failing never changes another's results. A thread asks 2000
   times for the size of description 0 (succeeds, no message) or of 1000000 + i (fails, with a message) and
   counts the answers that differ. */
typedef struct {
    sitiff_handle h;
    int fails;
} repeat_job;

static void *repeat_description_size(void *arg)
{
    const repeat_job *job = arg;
    int64_t bad = 0;
    for (int i = 0; i < 2000; i++) {
        uint64_t size;
        int rc = sitiff_description_size(job->h, job->fails ? 1000000 + i : 0, &size);
        if (rc != (job->fails ? SITIFF_E_OUT_OF_RANGE : SITIFF_OK) || (sitiff_last_error()[0] == 0) == job->fails)
            bad++;
    }
    return (void *)(intptr_t)bad;
}

static void check_errors(const char *dir)
{
    sitiff_handle h = 123;
    check(sitiff_open("/nonexistent/dir/file.tif", &h) == SITIFF_E_NOT_FOUND && h == 0, "missing file");
    check(strlen(sitiff_last_error()) > 0, "missing file has a message");
    int64_t n;
    check(sitiff_frame_count(h, &n) == SITIFF_E_INVALID_HANDLE, "handle 0 refused");
    check(strstr(sitiff_last_error(), "handle 0") != NULL, "handle 0 message");
    check(sitiff_frame_count(987654321, &n) == SITIFF_E_INVALID_HANDLE, "forged handle refused");
    CHECK_OK(sitiff_close(0));
    check(sitiff_open(NULL, &h) == SITIFF_E_ARGUMENT, "NULL path");

    char path[1024];
    snprintf(path, sizeof path, "%s/not_a_tiff.tif", dir);
    testkit_write_file(path, "this is not a TIFF file at all", 30);
    check(sitiff_open(path, &h) == SITIFF_E_FORMAT, "text file is a format error");
    check(sitiff_last_error_offset() == 0, "format error at offset %lld", (long long)sitiff_last_error_offset());
    check(strstr(sitiff_last_error(), "offset") != NULL, "format message names the offset: %s", sitiff_last_error());
    unlink(path);

    /* Concurrency: two threads on one handle, one failing on purpose. */
    snprintf(path, sizeof path, "%s/threads.tif", dir);
    write_tiff(path, 0);
    CHECK_OK(sitiff_open(path, &h));
    pthread_t a, b;
    void *ra, *rb;
    repeat_job failing = {h, 1}, succeeding = {h, 0};
    pthread_create(&a, NULL, repeat_description_size, &failing);
    pthread_create(&b, NULL, repeat_description_size, &succeeding);
    pthread_join(a, &ra);
    pthread_join(b, &rb);
    check(ra == NULL && rb == NULL, "per-thread errors (%ld bad failures, %ld bad successes)", (long)(intptr_t)ra,
          (long)(intptr_t)rb);
    CHECK_OK(sitiff_close(h));
    unlink(path);

    check(strncmp(sitiff_api_version(), "Version ", 8) == 0, "api version: %s", sitiff_api_version());
    check(sitiff_abi_version() == SITIFF_ABI_VERSION, "abi version %d", sitiff_abi_version());
}

static int read_and_hash(sitiff_handle h, char hex[65])
{
    uint64_t bytes = 0;
    if (sitiff_data_size(h, &bytes) != SITIFF_OK)
        return 0;
    void *buf = malloc(bytes ? bytes : 1);
    int ok = sitiff_read_data(h, buf, bytes) == SITIFF_OK;
    if (ok)
        sha256_of(buf, bytes, hex);
    free(buf);
    return ok;
}

/* The "acquisition" object's numbers at 4-space indentation (the file's own map). */
static void check_structure(sitiff_handle h, const char *begin, const char *end, const char *name)
{
    const char *acq = strstr(begin, "\n   \"acquisition\": {");
    if (!acq || acq >= end)
        return;
    sitiff_structure st;
    if (sitiff_get_structure(h, &st) != SITIFF_OK) {
        check(0, "%s: structure", name);
        return;
    }
    struct { const char *key; int32_t got; } fields[] = {
        {"slices_per_volume", st.slices_per_volume}, {"frames_per_slice", st.frames_per_slice},
        {"flyback_frames_per_volume", st.flyback_frames_per_volume},
        {"frames_per_volume_on_disk", st.frames_per_volume_on_disk}, {"ifds_per_volume", st.ifds_per_volume},
        {"volumes_complete", st.volumes_complete}, {"ifds_in_partial_volume", st.ifds_in_partial_volumes}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        long long want;
        if (find_int(acq, end, 4, fields[i].key, &want))
            check(fields[i].got == want, "%s: %s %d, expected %lld", name, fields[i].key, fields[i].got, want);
    }

    /* "channels": [1, 4] */
    const char *ch = strstr(acq, "\n    \"channels\": [");
    if (ch && ch < end) {
        int32_t got[8];
        int64_t count = 0;
        CHECK_OK(sitiff_channels(h, got, 8, &count));
        ch = strchr(ch, '[') + 1;
        int64_t i = 0, same = 1;
        while (*ch && *ch != ']') {
            long v = strtol(ch, (char **)&ch, 10);
            same &= i < count && got[i] == v;
            i++;
            while (*ch == ',' || *ch == ' ')
                ch++;
        }
        check(same && i == count, "%s: channels (%lld of them)", name, (long long)count);
    }
}

static void check_file(const testkit_file *file)
{
    const char *name = file->name, *dtype = file->dtype, *sha = file->sha256;
    long long ifds = file->ifds, width = file->width, height = file->height;
    sitiff_handle h = 0;
    if (sitiff_open(file->path, &h) != SITIFF_OK) {
        check(0, "%s: open", name);
        return;
    }

    int64_t n = 0;
    CHECK_OK(sitiff_frame_count(h, &n));
    check(n == ifds, "%s: %lld frames, expected %lld", name, (long long)n, ifds);
    sitiff_shape s;
    CHECK_OK(sitiff_get_shape(h, &s));
    check(s.frames == ifds && s.width == width && s.height == height && s.type == dtype_code(dtype),
          "%s: shape %lld x %lld x %lld type %d, expected %lld x %lld x %lld %s", name, (long long)s.frames,
          (long long)s.height, (long long)s.width, s.type, ifds, height, width, dtype);

    char hex[65] = "";
    check(read_and_hash(h, hex) && strcmp(hex, sha) == 0, "%s: pixel sha256 %s, expected %s", name, hex, sha);

    /* Frame 0 zero-copy (these files are little-endian, one run per frame or not) matches the copy. */
    sitiff_frame_info fi;
    CHECK_OK(sitiff_get_frame_info(h, 0, &fi));
    const void *pixels = NULL;
    uint64_t bytes = 0;
    int rc = sitiff_frame_pointer(h, 0, &pixels, &bytes);
    check(rc == (fi.zero_copy ? SITIFF_OK : SITIFF_E_NOT_AVAILABLE), "%s: zero-copy agrees with frame info", name);
    if (rc == SITIFF_OK) {
        void *copy = malloc(bytes);
        CHECK_OK(sitiff_read_interval(h, 0, 1, copy, bytes));
        check(memcmp(copy, pixels, bytes) == 0, "%s: zero-copy frame 0 equals its copy", name);
        free(copy);
    }

    /* IFD 0's description: stored bytes, trailing spaces and NULs removed, equal the expected text. */
    uint64_t size = 0;
    CHECK_OK(sitiff_description_size(h, 0, &size));
    char *desc = malloc(size + 1);
    CHECK_OK(sitiff_description(h, 0, desc, size));
    testkit_check_description0(file, desc, (size_t)size);
    free(desc);

    /* Timestamps: one per IFD, finite for ScanImage 2016+ files. */
    int32_t era = 0;
    CHECK_OK(sitiff_get_era(h, &era));
    check(era != SITIFF_ERA_NONE, "%s: recognised as ScanImage", name);
    int64_t count = 0;
    CHECK_OK(sitiff_timestamps(h, NULL, 0, &count));
    check(count == ifds, "%s: %lld timestamps", name, (long long)count);
    if (era == SITIFF_ERA_SI2016) {
        double *ts = malloc(sizeof(double) * (size_t)count);
        CHECK_OK(sitiff_timestamps(h, ts, count, &count));
        check(count > 0 && ts[0] >= 0 && isfinite(ts[count - 1]), "%s: timestamps parsed", name);
        free(ts);
        uint64_t md = 0;
        CHECK_OK(sitiff_metadata_size(h, &md));
        check(md > 1000, "%s: metadata of %llu bytes", name, (unsigned long long)md);
    }

    check_structure(h, file->begin, file->end, name);
    CHECK_OK(sitiff_close(h));
}

static void check_group(const char *json, const char *corpus, const char *group)
{
    const char *begin, *end;
    if (!find_section(json, group, &begin, &end)) {
        check(0, "%s: group not in expected.json", group);
        return;
    }
    const char *files = strstr(begin, "\n   \"files\": [");
    char *paths[64];
    int n = 0;
    for (const char *p = strchr(files, '[') + 1; *p && *p != ']' && n < 64;) {
        const char *q = strchr(p, '"') + 1, *e = strchr(q, '"');
        paths[n] = malloc(strlen(corpus) + (size_t)(e - q) + 2);
        sprintf(paths[n], "%s/%.*s", corpus, (int)(e - q), q);
        n++;
        p = e + 1;
        while (*p == ',' || *p == ' ')
            p++;
    }
    long long total = -1;
    char sha[80] = "";
    find_int(begin, end, 3, "total_ifds", &total);
    find_string(begin, end, 3, "pixel_sha256", sha, sizeof sha);

    sitiff_handle h = 0;
    CHECK_OK(sitiff_open_acquisition((const char *const *)paths, n, &h));
    int64_t frames = 0, file_count = 0;
    CHECK_OK(sitiff_frame_count(h, &frames));
    CHECK_OK(sitiff_file_count(h, &file_count));
    check(frames == total && file_count == n, "%s: %lld IFDs in %lld files", group, (long long)frames,
          (long long)file_count);
    char hex[65] = "";
    check(read_and_hash(h, hex) && strcmp(hex, sha) == 0, "%s: pixel sha256 over all files", group);

    sitiff_structure st;
    CHECK_OK(sitiff_get_structure(h, &st));
    long long volumes = -1, slices = -1, flyback = -1;
    const char *acq = strstr(begin, "\n   \"acquisition\": {");
    find_int(acq, end, 4, "volumes_complete", &volumes);
    find_int(acq, end, 4, "slices_per_volume", &slices);
    find_int(acq, end, 4, "flyback_frames_per_volume", &flyback);
    check(st.volumes_complete == volumes && st.slices_per_volume == slices && st.flyback_frames_per_volume == flyback,
          "%s: %d volumes of %d slices + %d flyback", group, st.volumes_complete, st.slices_per_volume,
          st.flyback_frames_per_volume);

    /* The last IFD of the acquisition: a flyback frame of the last volume. */
    sitiff_coordinates c;
    CHECK_OK(sitiff_locate(h, frames - 1, 1, &c));
    check(c.volume == volumes - 1 && c.flyback == 1 && c.slice == -1, "%s: last IFD is flyback of volume %d", group,
          c.volume);

    /* Slice 4 of every volume, channel 1: one IFD per volume, read via the list. */
    int64_t count = 0;
    CHECK_OK(sitiff_select(h, 1, 4, SITIFF_ANY, 0, NULL, 0, &count));
    check(count == volumes, "%s: slice 4 of channel 1 in %lld volumes", group, (long long)count);
    CHECK_OK(sitiff_close(h));
    for (int i = 0; i < n; i++)
        free(paths[i]);
}

/* The slow stack: channels 1 and 4, 2 slices x 2 frames x 3 volumes; selections against locate. */
static void check_slow_stack(const char *corpus)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/si2023_slowstack_2ch_2slice_2fps_3vol_scanimage_20220923_noroi.tif", corpus);
    sitiff_handle h = 0;
    CHECK_OK(sitiff_open(path, &h));
    int64_t ifds[32], count = 0;
    CHECK_OK(sitiff_select(h, 4, 1, 2, 0, ifds, 32, &count));
    check(count == 2, "slow stack: channel 4, slice 1, volume 2 has %lld IFDs", (long long)count);
    for (int64_t i = 0; i < count; i++) {
        sitiff_coordinates c;
        CHECK_OK(sitiff_locate(h, ifds[i], 1, &c));
        check(c.channel == 4 && c.slice == 1 && c.volume == 2 && c.frame_in_slice == i && c.ifd == ifds[i],
              "slow stack: IFD %lld is ch %d slice %d vol %d frame %d", (long long)ifds[i], c.channel, c.slice,
              c.volume, c.frame_in_slice);
    }
    /* Rule from expected.json's README: channel fastest, then frame, slice, volume. */
    /* t = volume * (S*F + B) + slice * F + frame = 2 * 4 + 1 * 2 + 0; IFD = t * C + channel index = 10 * 2 + 1. */
    check(count == 2 && ifds[0] == (2 * 4 + 1 * 2 + 0) * 2 + 1 && ifds[1] == ifds[0] + 2,
          "slow stack: IFDs %lld, %lld", (long long)ifds[0], (long long)ifds[1]);
    uint64_t bytes = 0;
    CHECK_OK(sitiff_ifds_size(h, ifds, count, &bytes));
    char *sel = malloc(bytes), *one = malloc(bytes);
    CHECK_OK(sitiff_read_ifds(h, ifds, count, sel, bytes));
    CHECK_OK(sitiff_read_interval(h, ifds[1], ifds[1] + 1, one, bytes / 2));
    check(memcmp(sel + bytes / 2, one, bytes / 2) == 0, "slow stack: selection copy equals interval copy");
    free(sel);
    free(one);
    check(sitiff_select(h, 3, SITIFF_ANY, SITIFF_ANY, 0, ifds, 32, &count) == SITIFF_E_OUT_OF_RANGE,
          "slow stack: channel 3 was not saved");
    CHECK_OK(sitiff_close(h));
}

static void check_corpus(const char *corpus)
{
    char *json = testkit_check_files(corpus, check_file);
    if (!json)
        return;
    check_group(json, corpus, "si2021_fastz_vol_1ch_multifile");
    check_group(json, corpus, "si2021_fastz_vol_2ch_multifile");
    check_slow_stack(corpus);
    free(json);
}

static void run(const char *dir, const char *corpus)
{
    check_errors(dir);
    check_handmade(dir, 0);
    check_handmade(dir, 1);
    check_corpus(corpus);
}

int main(int argc, char **argv) { return testkit_main(argc, argv, "/tmp/sitiff_c_XXXXXX", run); }
