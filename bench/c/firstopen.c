// The floor of a first open: walk the IFD chain of a BigTIFF (or classic TIFF) through a fresh read-only
// mmap, reading only each IFD's entry count and next-IFD pointer (no tag is decoded). Prints the IFD count.
// Build: cc -O2 firstopen.c -o firstopen
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: firstopen FILE.tif\n"); return 1; }
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) return 2;
    size_t n = (size_t)st.st_size;
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
    printf("%llu IFDs\n", (unsigned long long)count);
    return 0;
}
