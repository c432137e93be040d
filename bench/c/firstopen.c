// The floor of a first open: walk the IFD chain of a little-endian BigTIFF (or classic TIFF), reading only each
// IFD's entry count and next-IFD pointer (no tag is decoded), through a fresh read-only mmap, or with
// --pread through one 512-byte pread per IFD. Prints the IFD count; with --time also the milliseconds from opening
// the file to the end of the chain, the in-process time bench/c/libopen.c reports for the engine.
// Build: cc -O2 firstopen.c -o firstopen      Run: firstopen [--time] [--pread] FILE.tif
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int show_time;
static double started;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void report(uint64_t count)
{
    if (show_time) printf("%llu IFDs %.3f ms\n", (unsigned long long)count, now_ms() - started);
    else printf("%llu IFDs\n", (unsigned long long)count);
}

static int walk_pread(int fd, size_t n)
{
    uint8_t b[512];
    if (pread(fd, b, 16, 0) != 16 || b[0] != 'I') return 3;
    int big = b[2] == 43;
    uint64_t next = 0, count = 0;
    if (big) memcpy(&next, b + 8, 8); else { uint32_t o; memcpy(&o, b + 4, 4); next = o; }
    while (next != 0 && next + 16 <= n) {
        ssize_t got = pread(fd, b, sizeof b, (off_t)next);
        if (got < 16) break;
        uint64_t entries = 0, at;
        if (big) { memcpy(&entries, b, 8); at = 8 + entries * 20; } else { uint16_t e; memcpy(&e, b, 2); entries = e; at = 2 + entries * 12; }
        uint64_t pointer = 0;
        if (at + 8 <= (uint64_t)got) memcpy(&pointer, b + at, big ? 8 : 4);
        else if (pread(fd, &pointer, big ? 8 : 4, (off_t)(next + at)) != (big ? 8 : 4)) break;
        next = pointer;
        count++;
    }
    report(count);
    return 0;
}

int main(int argc, char **argv)
{
    int a = 1;
    if (a < argc - 1 && strcmp(argv[a], "--time") == 0) { show_time = 1; a++; }
    int use_pread = a < argc - 1 && strcmp(argv[a], "--pread") == 0;
    if (use_pread) a++;
    if (a != argc - 1) { fprintf(stderr, "usage: firstopen [--time] [--pread] FILE.tif\n"); return 1; }
    started = now_ms();
    int fd = open(argv[argc - 1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) return 2;
    size_t n = (size_t)st.st_size;
    if (use_pread) return walk_pread(fd, n);
    const uint8_t *p = mmap(NULL, n, PROT_READ, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED || n < 16 || p[0] != 'I') return 3; // little-endian files only
    int big = p[2] == 43;
    uint64_t next = 0, count = 0;
    if (big) memcpy(&next, p + 8, 8); else { uint32_t o; memcpy(&o, p + 4, 4); next = o; }
    while (next != 0 && next + 16 <= n) {
        uint64_t entries = 0;
        if (big) { memcpy(&entries, p + next, 8); next += 8 + entries * 20; }
        else { uint16_t e; memcpy(&e, p + next, 2); entries = e; next += 2 + entries * 12; }
        if (next + 8 > n) break;
        if (big) memcpy(&next, p + next, 8); else { uint32_t o; memcpy(&o, p + next, 4); next = o; }
        count++;
    }
    report(count);
    return 0;
}
