/*
 * scanimagetiff.h — C ABI of the ScanImage TIFF reader (libscanimagetiff.so / scanimagetiff.dll /
 * libscanimagetiff.dylib), a NativeAOT build of the C# engine in this repository.
 *
 * It offers everything Vidrio's ScanImageTiffReader C API offers (open/close, frame count, shape and
 * sample type with the same nd_type codes, whole data or a frame interval into a caller's buffer,
 * one or all ImageDescriptions, the "metadata" string) and more: zero-copy frame pointers, the
 * channels x slices x volumes structure, reads by channel/slice/volume, multi-ROI fields, frame
 * timestamps, and multi-file acquisitions.
 *
 * Conventions
 *  - Every function that can fail returns an int status: SITIFF_OK (0) or a negative SITIFF_E_* code.
 *    Errors are per call, never sticky: a failed call leaves the handle usable.
 *  - sitiff_last_error() gives a UTF-8 message about the last failed call ON THE CALLING THREAD.
 *    Every call (except sitiff_last_error*, sitiff_api_version and sitiff_abi_version) resets it to "".
 *    The pointer stays valid until the next call on that thread; copy it if you need it longer.
 *    The library owns it; never free it.
 *  - Handles are opaque integers from a table inside the library (never pointers); 0 is never a valid
 *    handle. Every function may be called from any thread, concurrently, on the same or different
 *    handles. sitiff_close waits for calls in progress on that handle, then releases it.
 *  - Indices (IFD/frame, ROI, slice, volume) are 0-based; channel NUMBERS are ScanImage's (1-based,
 *    as in SI.hChannels.channelSave). IFD indices of an acquisition opened from several files run on
 *    across the files in the order given.
 *  - Sizes are bytes (uint64_t). Copy functions take the destination's capacity and fail with
 *    SITIFF_E_BUFFER_TOO_SMALL (copying nothing) when it is too small; ask the *_size function first.
 *  - Array queries take (out, capacity, count): *count always receives the number of elements; pass
 *    out = NULL to ask only for the count; a capacity below it is SITIFF_E_BUFFER_TOO_SMALL.
 *  - Pixel data come back in the host's byte order (little-endian on every supported platform), IFD
 *    after IFD, each frame row-major: in C order [frames][height][width][samples_per_pixel].
 *  - Strings (paths in, descriptions and metadata out) are UTF-8 bytes. Descriptions and metadata are
 *    returned exactly as stored (NULs and ScanImage's space padding included), not NUL-terminated
 *    beyond what the bytes contain.
 *
 * Licence: same as the repository.
 */
#ifndef SCANIMAGETIFF_H
#define SCANIMAGETIFF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define SITIFF_API __declspec(dllimport)
#else
#define SITIFF_API
#endif

/** ABI version of this header; sitiff_abi_version() returns the library's. Bumped on incompatible change. */
#define SITIFF_ABI_VERSION 1

/* ---------------------------------------------------------------------------------------------- */
/* Status codes                                                                                    */

#define SITIFF_OK 0
#define SITIFF_E_ARGUMENT (-1)         /**< a bad argument: NULL pointer, negative count, invalid combination */
#define SITIFF_E_FORMAT (-2)           /**< the file is not a well-formed TIFF (sitiff_last_error_offset() says where) */
#define SITIFF_E_UNSUPPORTED (-3)      /**< valid but not supported: compression, tiles, odd bit depths, frames that differ in shape */
#define SITIFF_E_IO (-4)               /**< the operating system refused a read or open */
#define SITIFF_E_OUT_OF_RANGE (-5)     /**< an index or interval outside the file(s) */
#define SITIFF_E_BUFFER_TOO_SMALL (-6) /**< the destination's capacity is below what is needed; nothing was copied */
#define SITIFF_E_INVALID_HANDLE (-7)   /**< 0, never opened, or already closed */
#define SITIFF_E_NOT_FOUND (-8)        /**< the file or its directory does not exist */
#define SITIFF_E_NO_MEMORY (-9)        /**< an allocation failed */
#define SITIFF_E_NOT_AVAILABLE (-10)   /**< the thing asked for does not exist here: no zero-copy view of this frame, not a ScanImage file, no multi-ROI fields */
#define SITIFF_E_INTERNAL (-99)        /**< a bug in the library; the message says what */

/* ---------------------------------------------------------------------------------------------- */
/* Types                                                                                           */

/** An open file or acquisition. 0 is never valid. */
typedef int64_t sitiff_handle;

/** Sample types. Same codes, same order as Vidrio's enum nd_type (note: unsigned types first). */
typedef enum sitiff_type {
    SITIFF_U8 = 0,
    SITIFF_U16 = 1,
    SITIFF_U32 = 2,
    SITIFF_U64 = 3,
    SITIFF_I8 = 4,
    SITIFF_I16 = 5,
    SITIFF_I32 = 6,
    SITIFF_I64 = 7,
    SITIFF_F32 = 8,
    SITIFF_F64 = 9
} sitiff_type;

/** Which ScanImage wrote the file (sitiff_get_era, sitiff_structure.era). */
typedef enum sitiff_era {
    SITIFF_ERA_NONE = 0,   /**< not a ScanImage file (plain TIFF) */
    SITIFF_ERA_SI3 = 1,    /**< ScanImage 3.x: state.* lines in every description */
    SITIFF_ERA_SI4 = 2,    /**< ScanImage 4 */
    SITIFF_ERA_SI5 = 3,    /**< ScanImage 5 */
    SITIFF_ERA_SI2015 = 4, /**< ScanImage 2015 */
    SITIFF_ERA_SI2016 = 5  /**< ScanImage 2016 and later: BigTIFF with the metadata block at byte 16 */
} sitiff_era;

/** Stack shape, unsqueezed: every dimension is present, even when it is 1. */
typedef struct sitiff_shape {
    int64_t frames;            /**< IFDs (over all files of an acquisition) */
    int64_t height;            /**< rows (ImageLength) */
    int64_t width;             /**< columns (ImageWidth) */
    int64_t samples_per_pixel; /**< 1, or e.g. 3 for RGB */
    int32_t type;              /**< sitiff_type */
    int32_t bytes_per_sample;  /**< 1, 2, 4 or 8 */
} sitiff_shape;

/** Byte-for-byte the layout of Vidrio's struct nd, filled the way ScanImageTiffReader_GetShape does. */
typedef struct sitiff_nd {
    uint32_t ndim;        /**< dimensions left after removing every dimension equal to 1 */
    uint32_t type;        /**< sitiff_type */
    int64_t strides[11];  /**< strides[0] = 1, strides[i+1] = strides[i] * dims[i] (elements) */
    uint64_t dims[10];    /**< fastest first: [samples,] width, height[, frames]; unused = 1 */
} sitiff_nd;

/** One IFD. */
typedef struct sitiff_frame_info {
    int64_t width;
    int64_t height;
    int32_t samples_per_pixel;
    int32_t bits_per_sample;
    int32_t type;           /**< sitiff_type, or -1 when the frame cannot be decoded (see byte_count) */
    int32_t zero_copy;      /**< 1 when sitiff_frame_pointer succeeds for this frame */
    int64_t byte_count;     /**< decoded bytes (width*height*samples*bytes_per_sample); -1 when not decodable */
    int64_t ifd_offset;     /**< byte offset of the IFD in its file */
    int64_t data_offset;    /**< byte offset of the first strip */
} sitiff_frame_info;

/** How IFDs map to channels x frames x slices x volumes (see sitiff_locate for the per-IFD answer). */
typedef struct sitiff_structure {
    int32_t era;                       /**< sitiff_era */
    int32_t channel_count;             /**< saved channels; their numbers from sitiff_channels */
    int32_t slices_per_volume;         /**< real z planes (flyback excluded) */
    int32_t frames_per_slice;          /**< saved frames per slice (after averaging) */
    int32_t flyback_frames_per_volume; /**< FastZ flyback frames on disk per volume, per channel */
    int32_t frames_per_volume_on_disk; /**< slices * frames_per_slice + flyback, per channel */
    int32_t ifds_per_volume;           /**< channel_count * frames_per_volume_on_disk */
    int32_t volumes_complete;          /**< volumes whose every IFD is present */
    int32_t ifds_in_partial_volumes;   /**< IFDs of incomplete volumes (kept, never padded) */
    int32_t volumes_in_metadata;       /**< volumes the metadata announces for the whole acquisition, -1 if unknown */
    int32_t log_average_factor;        /**< acquired frames averaged into one saved frame */
    int32_t stack_mode;                /**< 0 no stack, 1 fast (FastZ), 2 slow (motor) */
    int64_t ifd_count;                 /**< IFDs described (all files given) */
    int64_t ifds_before;               /**< IFDs of the acquisition before the first file given */
    int64_t volume_offset;             /**< volumes of the acquisition before the first file given */
    double frames_per_file;            /**< frames per file before ScanImage rolls over; +inf = one file; NaN unknown */
} sitiff_structure;

/** Where one IFD sits in the acquisition. */
typedef struct sitiff_coordinates {
    int64_t ifd;
    int32_t volume;          /**< counted from the first file given */
    int32_t slice;           /**< -1 for flyback frames */
    int32_t frame_in_slice;  /**< -1 for flyback frames */
    int32_t frame_in_volume; /**< per channel, flyback frames included */
    int32_t channel_index;   /**< position among the saved channels */
    int32_t channel;         /**< ScanImage channel number (1-based) */
    int32_t flyback;         /**< 1 for a FastZ flyback frame */
    int32_t reserved;
} sitiff_coordinates;

/** A multi-ROI field: a rectangle of every page (ScanImage stacks the fields vertically). */
typedef struct sitiff_roi {
    int32_t index;
    int32_t row;
    int32_t column;
    int32_t height;
    int32_t width;
    int32_t reserved;
} sitiff_roi;

/** Wildcard for sitiff_select's channel, slice and volume. */
#define SITIFF_ANY (-1)
/** sitiff_select flag: keep FastZ flyback frames (only when slice is SITIFF_ANY). */
#define SITIFF_SELECT_FLYBACK 1

/* ---------------------------------------------------------------------------------------------- */
/* Library                                                                                         */

/** "Version <x.y.z> ..." — a static string (never freed). */
SITIFF_API const char *sitiff_api_version(void);
/** SITIFF_ABI_VERSION of the library; compare with the header's. */
SITIFF_API int32_t sitiff_abi_version(void);
/** Message of the last failed call on this thread (UTF-8, NUL-terminated), "" after a successful call. */
SITIFF_API const char *sitiff_last_error(void);
/** For SITIFF_E_FORMAT: byte offset of the offending structure in the file; -1 otherwise. */
SITIFF_API int64_t sitiff_last_error_offset(void);

/* ---------------------------------------------------------------------------------------------- */
/* Open and close                                                                                  */

/** Opens and indexes one TIFF/BigTIFF file (ScanImage or not); the file is memory-mapped read-only. */
SITIFF_API int sitiff_open(const char *path, sitiff_handle *out);
/**
 * Opens n files as one acquisition, in the order given (e.g. name_00001_00001.tif ... _00010.tif):
 * IFD indices run on across the files and channel/slice/volume phase carries over. The files'
 * ScanImage metadata must agree (SITIFF_E_FORMAT otherwise).
 */
SITIFF_API int sitiff_open_acquisition(const char *const *paths, int64_t n, sitiff_handle *out);
/** Releases the handle (waits for calls in progress on it). 0 is accepted and ignored; a stale handle is SITIFF_E_INVALID_HANDLE. */
SITIFF_API int sitiff_close(sitiff_handle h);

/* ---------------------------------------------------------------------------------------------- */
/* Frames and shape                                                                                */

/** Number of IFDs (frames) over all files; Vidrio's GetFrameCount / GetImageDescriptionCount. */
SITIFF_API int sitiff_frame_count(sitiff_handle h, int64_t *count);
/** Number of files the handle spans (1 for sitiff_open). */
SITIFF_API int sitiff_file_count(sitiff_handle h, int64_t *count);
/** Stack shape and type. SITIFF_E_UNSUPPORTED when frames differ in shape or type or cannot be decoded. */
SITIFF_API int sitiff_get_shape(sitiff_handle h, sitiff_shape *out);
/** Vidrio's GetShape result (squeezed, fastest dimension first), from the same checks as sitiff_get_shape. */
SITIFF_API int sitiff_vidrio_shape(sitiff_handle h, sitiff_nd *out);
/** Describes one IFD (works for frames that cannot be decoded too). */
SITIFF_API int sitiff_get_frame_info(sitiff_handle h, int64_t ifd, sitiff_frame_info *out);

/* ---------------------------------------------------------------------------------------------- */
/* Pixel data                                                                                      */

/** Bytes of all frames' samples (what sitiff_read_data writes). */
SITIFF_API int sitiff_data_size(sitiff_handle h, uint64_t *bytes);
/** Copies all frames into buf (capacity bytes). Large reads copy with a bounded number of workers. */
SITIFF_API int sitiff_read_data(sitiff_handle h, void *buf, uint64_t capacity);
/** Bytes of frames [beg, end). */
SITIFF_API int sitiff_interval_size(sitiff_handle h, int64_t beg, int64_t end, uint64_t *bytes);
/** Copies frames [beg, end) into buf; 0 <= beg <= end <= frame count, else SITIFF_E_OUT_OF_RANGE. */
SITIFF_API int sitiff_read_interval(sitiff_handle h, int64_t beg, int64_t end, void *buf, uint64_t capacity);
/** Bytes of the listed IFDs (any order, repeats allowed). */
SITIFF_API int sitiff_ifds_size(sitiff_handle h, const int64_t *ifds, int64_t n, uint64_t *bytes);
/** Copies the listed IFDs one after another into buf (e.g. the list from sitiff_select). */
SITIFF_API int sitiff_read_ifds(sitiff_handle h, const int64_t *ifds, int64_t n, void *buf, uint64_t capacity);
/**
 * Zero-copy: *pixels points at the frame's samples inside the mapped file, *bytes is their size.
 * Valid (read-only!) until sitiff_close(h). When the frame is not one uncompressed run in host
 * byte order, returns SITIFF_E_NOT_AVAILABLE with *pixels = NULL: copy it with sitiff_read_interval.
 */
SITIFF_API int sitiff_frame_pointer(sitiff_handle h, int64_t ifd, const void **pixels, uint64_t *bytes);

/* ---------------------------------------------------------------------------------------------- */
/* Descriptions and metadata                                                                       */

/** Bytes of IFD ifd's ImageDescription tag (its count: NUL and padding included); 0 when absent. */
SITIFF_API int sitiff_description_size(sitiff_handle h, int64_t ifd, uint64_t *bytes);
/** Copies the description bytes exactly as stored. */
SITIFF_API int sitiff_description(sitiff_handle h, int64_t ifd, char *buf, uint64_t capacity);
/** Every IFD's description size, so the result of sitiff_all_descriptions can be split. */
SITIFF_API int sitiff_description_sizes(sitiff_handle h, uint64_t *sizes, int64_t capacity, int64_t *count);
/** Sum of all description sizes. */
SITIFF_API int sitiff_all_descriptions_size(sitiff_handle h, uint64_t *bytes);
/** All descriptions concatenated in IFD order, each exactly as stored (like Vidrio's GetAllImageDescriptions). */
SITIFF_API int sitiff_all_descriptions(sitiff_handle h, char *buf, uint64_t capacity);
/**
 * Size of the metadata string: for ScanImage 2016+ byte-for-byte what Vidrio's GetMetadata returns;
 * for older ScanImage files (where Vidrio returns NUL bytes) the correct frame-invariant text; 0 for
 * plain TIFF files.
 */
SITIFF_API int sitiff_metadata_size(sitiff_handle h, uint64_t *bytes);
/** Copies the metadata bytes (see sitiff_metadata_size). */
SITIFF_API int sitiff_metadata(sitiff_handle h, char *buf, uint64_t capacity);
/** Which ScanImage wrote the (first) file: sitiff_era. */
SITIFF_API int sitiff_get_era(sitiff_handle h, int32_t *era);

/* ---------------------------------------------------------------------------------------------- */
/* Acquisition structure (ScanImage files; SITIFF_E_NOT_AVAILABLE for plain TIFF)                  */

SITIFF_API int sitiff_get_structure(sitiff_handle h, sitiff_structure *out);
/** Saved channel numbers in IFD order (e.g. {1, 4}). */
SITIFF_API int sitiff_channels(sitiff_handle h, int32_t *channels, int64_t capacity, int64_t *count);
/** Coordinates of IFDs [first, first + n) into out[0..n). */
SITIFF_API int sitiff_locate(sitiff_handle h, int64_t first, int64_t n, sitiff_coordinates *out);
/**
 * IFDs, in order, of channel `channel` (a ScanImage channel number), slice `slice` and volume
 * `volume`; SITIFF_ANY for any. flags: SITIFF_SELECT_FLYBACK keeps flyback frames.
 */
SITIFF_API int sitiff_select(sitiff_handle h, int32_t channel, int32_t slice, int32_t volume, int32_t flags,
                             int64_t *ifds, int64_t capacity, int64_t *count);
/** frameTimestamps_sec of every IFD (NaN where a description has none), parsed in one pass. */
SITIFF_API int sitiff_timestamps(sitiff_handle h, double *out, int64_t capacity, int64_t *count);
/** frameNumbers of every IFD (-1 where missing). */
SITIFF_API int sitiff_frame_numbers(sitiff_handle h, int64_t *out, int64_t capacity, int64_t *count);

/* ---------------------------------------------------------------------------------------------- */
/* Multi-ROI fields (0 ROIs when multi-ROI imaging was off)                                        */

SITIFF_API int sitiff_roi_count(sitiff_handle h, int32_t *count);
SITIFF_API int sitiff_roi_rect(sitiff_handle h, int32_t roi, sitiff_roi *out);
/** The ROI's name as UTF-8 (no NUL); *bytes receives its length; buf may be NULL to ask only for it. */
SITIFF_API int sitiff_roi_name(sitiff_handle h, int32_t roi, char *buf, uint64_t capacity, uint64_t *bytes);
/** Bytes of ROI `roi` of n IFDs (height * width * bytes per sample * n). */
SITIFF_API int sitiff_roi_size(sitiff_handle h, int32_t roi, const int64_t *ifds, int64_t n, uint64_t *bytes);
/** Copies ROI `roi` of each listed IFD, one after another ([n][height][width]), into buf. */
SITIFF_API int sitiff_read_roi(sitiff_handle h, int32_t roi, const int64_t *ifds, int64_t n, void *buf, uint64_t capacity);

#ifdef __cplusplus
}
#endif

#endif /* SCANIMAGETIFF_H */
