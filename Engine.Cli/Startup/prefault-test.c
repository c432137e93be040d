/*
 * Checks prefault.c: linked with it, a program finds its writable segment (.data and a 4 MiB .bss array it has not
 * touched) resident when main() starts; the same program without prefault.c finds the array not resident.
 * .ci/run builds and runs both:  cc prefault-test.c prefault.c -o with && ./with populated
 *                                cc prefault-test.c -o without && ./without untouched
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define BSS_BYTES (4 << 20)
static char untouched[BSS_BYTES]; /* .bss: zero-filled on demand, never written before the check */

int main(int argc, char **argv)
{
    if (argc != 2 || (strcmp(argv[1], "populated") && strcmp(argv[1], "untouched"))) {
        fprintf(stderr, "usage: %s populated|untouched\n", argv[0]);
        return 2;
    }

    long page = sysconf(_SC_PAGESIZE);
    char *begin = (char *)(((unsigned long)untouched + page - 1) & ~(unsigned long)(page - 1));
    size_t pages = (size_t)((untouched + BSS_BYTES - begin) / page);
    static unsigned char resident[BSS_BYTES / 4096 + 1]; /* enough for any page size of 4 KiB or more */
    if (mincore(begin, pages * (size_t)page, resident) != 0) {
        perror("mincore");
        return 2;
    }

    size_t in = 0;
    for (size_t i = 0; i < pages; i++)
        in += resident[i] & 1;
    int want_all = strcmp(argv[1], "populated") == 0;
    int ok = want_all ? in == pages : in < pages / 2;
    printf("prefault %s: %zu of %zu .bss pages resident at main(): %s\n", argv[1], in, pages, ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
