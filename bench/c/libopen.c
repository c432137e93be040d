// A first open in a fresh process, timed in-process, through the engine's C library (what the Python module and C
// callers do): the runtime is started by one untimed call, then sitiff_open of FILE is timed from the call to its
// return (the frame table built), and the IFD count and the milliseconds are printed. Pairs with `firstopen --time`,
// which times its own walk the same way (from its mmap to the end of the chain).
// Build: cc -O2 libopen.c -I Engine.Native/include -L DIR -lscanimagetiff -Wl,-rpath,DIR -o libopen
// Run:   libopen FILE.tif
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include "scanimagetiff.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: libopen FILE.tif\n"); return 1; }
    if (sitiff_abi_version() <= 0) return 2; // starts the runtime: not part of an open
    sitiff_handle h = 0;
    double t0 = now_ms();
    int rc = sitiff_open(argv[1], &h);
    double t1 = now_ms();
    int64_t count = 0;
    if (rc != 0 || sitiff_frame_count(h, &count) != 0) { fprintf(stderr, "libopen: %s\n", sitiff_last_error()); return 3; }
    printf("%lld IFDs %.3f ms\n", (long long)count, t1 - t0);
    sitiff_close(h);
    return 0;
}
