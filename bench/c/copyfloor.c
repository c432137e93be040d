// The floor of reading a whole stack into fresh memory (what Python's data() does into a new numpy array):
// allocate the destination fresh (mmap, advised MADV_HUGEPAGE like numpy's large arrays), then fill it on two
// threads, each taking half: "mmap" copies from a fresh read-only mapping of the file (memcpy), "pread" reads
// the file straight into the destination. Whole file, pixels and IFDs alike (an upper bound on the pixel bytes).
// Prints the time of allocation + fill (the mapped source pre-touched, as in a reader that has the file open).
// Build: cc -O2 -pthread copyfloor.c -o copyfloor      Run: copyfloor mmap|pread FILE
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int fd, use_pread;
static size_t n;
static const uint8_t *src;
static uint8_t *dst;

static void *half(void *arg)
{
    size_t k = (size_t)arg, mid = (n / 2) & ~(size_t)4095;
    size_t begin = k ? mid : 0, end = k ? n : mid;
    if (use_pread) {
        for (size_t at = begin; at < end;) {
            ssize_t got = pread(fd, dst + at, end - at > (64u << 20) ? (64u << 20) : end - at, (off_t)at);
            if (got <= 0) break;
            at += (size_t)got;
        }
    } else {
        memcpy(dst + begin, src + begin, end - begin);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: copyfloor mmap|pread FILE\n"); return 1; }
    use_pread = strcmp(argv[1], "pread") == 0;
    fd = open(argv[2], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) return 2;
    n = (size_t)st.st_size;
    if (!use_pread) {
        src = mmap(NULL, n, PROT_READ, MAP_SHARED, fd, 0);
        if (src == MAP_FAILED) return 3;
    }
    if (!use_pread) { // the source mapping warm, as a reader that has the file open already: only the destination is fresh
        volatile uint8_t t = 0;
        for (size_t i = 0; i < n; i += 4096) t += src[i];
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    dst = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (dst == MAP_FAILED) return 3;
    madvise(dst, n, MADV_HUGEPAGE);
    pthread_t t;
    pthread_create(&t, NULL, half, (void *)1);
    half((void *)0);
    pthread_join(t, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fprintf(stderr, "%s: %.1f ms for fresh memory + fill of %zu bytes\n", argv[1], (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6, n);
    uint64_t s = 0;
    for (size_t i = 0; i < n; i += 4096) s += dst[i];
    printf("%llu\n", (unsigned long long)s);
    return 0;
}
