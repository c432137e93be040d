/*
 * scanimagetiffreader.h — Vidrio's ScanImageTiffReader C API (tiff.reader.api.h 1.4 with nd.h), as
 * exported by libscanimagetiff.so / scanimagetiff.dll / libscanimagetiff.dylib next to the sitiff_*
 * functions of scanimagetiff.h. Code written against Vidrio's library (its sample C code, its Python
 * module, its Julia package, a MATLAB mex) compiles and links against this header and library
 * unchanged; only the library's name differs (-lscanimagetiff).
 *
 * Same names, signatures, struct layouts and return conventions as Vidrio's 1.4 header:
 *  - ScanImageTiffReader_Open returns the {handle, log} struct BY VALUE; every other function takes
 *    it BY POINTER. log != NULL after a call means that call failed; it points to a NUL-terminated
 *    UTF-8 message.
 *  - Functions return 0 (or a zeroed struct nd) on failure, 1 or the size on success.
 *
 * Where Vidrio's library was defective this one differs, on purpose (details in Engine.Native/README.md):
 *  - Errors are per call, not sticky: every call first sets r->log = NULL, so a failed call does not
 *    make every later call on the context fail. The message text is owned by the library and stays
 *    valid for the life of the process (Vidrio strdup'ed and leaked one per failure); never free it.
 *  - handle is an id from a table, never a pointer: calls after Close, on a copy of a closed context,
 *    with a NULL handle, or a second Close, report "not open" in log (or do nothing, for Close)
 *    instead of crashing.
 *  - Frame indices and intervals are bounds-checked (Vidrio read past its index); intervals of any
 *    length work (no thread per strip, no limit at 32767 strips).
 *  - Every frame's shape is checked, not only the first IFD's; compressed, tiled or planar data are
 *    refused with a message naming the tag, never returned as garbage. GetDataSizeBytes is the size of
 *    the decoded samples (Vidrio summed StripByteCounts).
 *  - Metadata of ScanImage 3.x/4/5/2015 files is their real frame-invariant text (Vidrio returned NULs).
 *  - A too-small buffer is an error and nothing is written (GetData, GetFrameInterval,
 *    GetAllImageDescriptions, GetMetadata); GetImageDescription truncates to the buffer, as Vidrio did.
 *  - Every function may be called from any thread; Close waits for calls in progress on the handle.
 */
#ifndef H_SCANIMAGETIFFREADER_API_V10
#define H_SCANIMAGETIFFREADER_API_V10

#include <stddef.h>
#include <stdint.h>
/* Vidrio's sample program calls printf, malloc and exit with only tiff.reader.api.h included. */
#include <stdio.h>
#include <stdlib.h>

#if defined(_WIN32)
#define SCANIMAGETIFFREADER_API __declspec(dllimport)
#else
#define SCANIMAGETIFFREADER_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* nd.h: sample types (unsigned first) and the shape of the stack. */
#ifndef H_ND_TYPES_SCANIMAGETIFFREADER
#define H_ND_TYPES_SCANIMAGETIFFREADER
enum nd_type
{
    nd_u8,  /* 0 */
    nd_u16, /* 1 */
    nd_u32, /* 2 */
    nd_u64, /* 3 */
    nd_i8,  /* 4 */
    nd_i16, /* 5 */
    nd_i32, /* 6 */
    nd_i64, /* 7 */
    nd_f32, /* 8 */
    nd_f64  /* 9 */
};

/*
 * dims[0..ndim) = [samples per pixel, width, height, frames], fastest first, every dimension equal to 1
 * removed; unused dims are 1. strides[0] = 1, strides[i + 1] = strides[i] * dims[i] (in elements), so
 * strides[ndim] is the element count. 176 bytes.
 */
struct nd
{
    unsigned ndim;
    enum nd_type type;
    int64_t strides[11];
    uint64_t dims[10];
};
#endif

struct ScanImageTiffReader
{
    void *handle;    /**< opaque; NULL when Open failed or after Close */
    const char *log; /**< NULL, or the message of the last call's failure (library-owned) */
};
typedef struct ScanImageTiffReader ScanImageTiffReader;

/** Opens and indexes a file (UTF-8 path). On failure handle is NULL and log says why. */
SCANIMAGETIFFREADER_API ScanImageTiffReader ScanImageTiffReader_Open(const char *filename);
/** Releases the file; sets r->handle = NULL. NULL, closed or copied contexts are ignored. */
SCANIMAGETIFFREADER_API void ScanImageTiffReader_Close(ScanImageTiffReader *r);
/** Number of IFDs (frames); 0 on failure. */
SCANIMAGETIFFREADER_API int ScanImageTiffReader_GetImageDescriptionCount(ScanImageTiffReader *r);
/** Bytes of IFD iframe's ImageDescription tag, NUL and padding included; 0 if absent or on failure. */
SCANIMAGETIFFREADER_API size_t ScanImageTiffReader_GetImageDescriptionSizeBytes(ScanImageTiffReader *r, int iframe);
/** Copies min(bytes_of_buf, tag bytes) raw bytes of IFD iframe's description. 1 ok, 0 failure. */
SCANIMAGETIFFREADER_API int ScanImageTiffReader_GetImageDescription(ScanImageTiffReader *r, int iframe, char *buf, size_t bytes_of_buf);
/** Sum of every IFD's description bytes. */
SCANIMAGETIFFREADER_API size_t ScanImageTiffReader_GetAllImageDescriptionsSizeBytes(ScanImageTiffReader *r);
/** Every description back to back (each keeps its NUL and padding). 1 ok, 0 failure. */
SCANIMAGETIFFREADER_API int ScanImageTiffReader_GetAllImageDescriptions(ScanImageTiffReader *r, char *buf, size_t bytes_of_buf);
/** Bytes of the ScanImage metadata (0 when the file has none). */
SCANIMAGETIFFREADER_API size_t ScanImageTiffReader_GetMetadataSizeBytes(ScanImageTiffReader *r);
/** Copies the metadata (2016+: Vidrio's bytes exactly; no NUL added). 1 ok, 0 failure. */
SCANIMAGETIFFREADER_API int ScanImageTiffReader_GetMetadata(ScanImageTiffReader *r, char *buf, size_t bytes_of_buf);
/** Bytes of the whole stack's samples. */
SCANIMAGETIFFREADER_API size_t ScanImageTiffReader_GetDataSizeBytes(ScanImageTiffReader *r);
/** Copies the whole stack (host byte order, frame after frame, row-major). 1 ok, 0 failure. */
SCANIMAGETIFFREADER_API int ScanImageTiffReader_GetData(ScanImageTiffReader *r, char *buf, size_t bytes_of_buf);
/** The stack's shape and sample type; a zeroed struct on failure. */
SCANIMAGETIFFREADER_API struct nd ScanImageTiffReader_GetShape(ScanImageTiffReader *r);
/** "Version ..." (static string). */
SCANIMAGETIFFREADER_API const char *ScanImageTiffReader_APIVersion(void);

/* v1.4 */
/** Same as ScanImageTiffReader_GetImageDescriptionCount. */
SCANIMAGETIFFREADER_API unsigned ScanImageTiffReader_GetFrameCount(ScanImageTiffReader *r);
/** Bytes of frames [beg, end); 0 and a log message when the interval is not inside the file. */
SCANIMAGETIFFREADER_API size_t ScanImageTiffReader_GetFrameIntervalSizeBytes(ScanImageTiffReader *r, unsigned beg, unsigned end);
/** Copies frames [beg, end). 1 ok, 0 failure. */
SCANIMAGETIFFREADER_API int ScanImageTiffReader_GetFrameInterval(ScanImageTiffReader *r, unsigned beg, unsigned end, char *buf, size_t bytes_of_buf);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* H_SCANIMAGETIFFREADER_API_V10 */
