// Peer for `sitiff data F --checksum xxh3`: libtiff reads every strip of every IFD with
// TIFFReadEncodedStrip into one buffer holding the whole stack, hashing each strip while it is in cache
// (XXH3-64 streaming, so it prints the same xxh3:<hex> as sitiff for the same pixel bytes).
// Build: cc -O2 strips.c -o strips -ltiff -lxxhash
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <tiffio.h>
#include <xxhash.h>

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: strips FILE.tif\n"); return 1; }
    TIFFSetWarningHandler(NULL);
    TIFF *tif = TIFFOpen(argv[1], "rm"); // "m": plain reads, no mapping (libtiff's read path)
    if (!tif) return 2;
    // Size of the whole stack (uniform frames, as these benchmark stacks are): IFD count x first frame.
    uint64_t frame = 0;
    for (tstrip_t s = 0; s < TIFFNumberOfStrips(tif); s++) frame += (uint64_t)TIFFRawStripSize64(tif, s);
    uint64_t total = frame * TIFFNumberOfDirectories(tif);
    char *buffer = malloc(total ? total : 1);
    if (!buffer) return 3;
    XXH3_state_t *state = XXH3_createState();
    XXH3_64bits_reset(state);
    TIFFSetDirectory(tif, 0);
    uint64_t at = 0;
    do {
        tstrip_t n = TIFFNumberOfStrips(tif);
        for (tstrip_t s = 0; s < n; s++) {
            if (at >= total) return 5;
            tmsize_t got = TIFFReadEncodedStrip(tif, s, buffer + at, (tmsize_t)(total - at));
            if (got < 0) return 4;
            XXH3_64bits_update(state, buffer + at, (size_t)got);
            at += (uint64_t)got;
        }
    } while (TIFFReadDirectory(tif));
    printf("xxh3:%016llx\n", (unsigned long long)XXH3_64bits_digest(state));
    XXH3_freeState(state);
    TIFFClose(tif);
    free(buffer);
    return 0;
}
