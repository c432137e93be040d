using ScanImageTiff.Tests.Tiff;

namespace ScanImageTiff.Tests.Compression;

/// <summary>
/// Files written by tifffile (zlib, predictor, tiles, LZMA, big-endian, BigTIFF, separate planes) must read as
/// exactly the array tifffile was given; tifffile writes the same array uncompressed beside each, which is the
/// reference (the uncompressed path is checked against the corpus elsewhere).
/// </summary>
public sealed class TifffileCrossCheckTests
{
    private const string Script = """
        import sys, numpy as np, tifffile
        out, dtype, kwargs = sys.argv[1], sys.argv[2], eval(sys.argv[3])
        rng = np.random.default_rng(13)
        shape = (3, 45, 67, 3) if kwargs.pop('rgb', False) else (3, 45, 67)
        if dtype.startswith('float'):
            data = (rng.standard_normal(shape) * 1000).astype(dtype)
        else:
            info = np.iinfo(dtype)
            data = rng.integers(max(info.min, -3000), min(info.max, 3000), shape, endpoint=True).astype(dtype)
        tifffile.imwrite(out + '.ref.tif', data, photometric='rgb' if len(shape) == 4 else 'minisblack')
        if kwargs.get('planarconfig') == 'separate':
            data = np.ascontiguousarray(np.moveaxis(data, -1, 1))
        tifffile.imwrite(out, data, photometric='rgb' if len(shape) == 4 else 'minisblack', **kwargs)
        """;

    public static TheoryData<string, string> Variants() => new()
    {
        { "int16", "dict(compression='zlib')" },
        { "int16", "dict(compression='zlib', predictor=True)" },
        { "uint16", "dict(compression='lzma')" },
        { "uint16", "dict(compression='zlib', tile=(16, 16))" },
        { "int16", "dict(compression='zlib', tile=(32, 32), predictor=True)" },
        { "int16", "dict(compression='zlib', predictor=True, byteorder='>')" },
        { "int32", "dict(compression='lzma', byteorder='>', bigtiff=True)" },
        { "uint8", "dict(compression='zlib', rgb=True, planarconfig='separate')" },
        { "uint8", "dict(compression='lzma', rgb=True, tile=(16, 16))" },
        { "uint16", "dict(compression='zlib', rgb=True, planarconfig='separate', tile=(32, 16), predictor=True)" },
        { "float32", "dict(compression='zlib')" },
        { "float64", "dict(compression='lzma', tile=(32, 16), byteorder='>')" },
        { "int16", "dict(compression='zlib', rowsperstrip=5, bigtiff=True)" },
    };

    [TifffileTheory]
    [MemberData(nameof(Variants))]
    public void Tifffile_files_read_exactly(string dtype, string kwargs)
    {
        using var file = new TempFile();
        var reference = file.Path + ".ref.tif";
        try
        {
            ExternalTools.RunPython(Script, file.Path, dtype, kwargs);
            using var expected = ScanImageTiffReader.Open(reference);
            using var actual = ScanImageTiffReader.Open(file.Path);
            Assert.Equal(expected.FrameCount, actual.FrameCount);
            Assert.Equal(expected.GetStackShape(), actual.GetStackShape());
            var bytes = expected.GetByteCount(0, expected.FrameCount);
            var want = new byte[bytes];
            var got = new byte[bytes];
            expected.ReadFramesLittleEndian(0, expected.FrameCount, want);
            actual.ReadFramesLittleEndian(0, actual.FrameCount, got);
            Assert.True(want.AsSpan().SequenceEqual(got), $"{dtype} {kwargs}: decoded samples differ from tifffile's array");
            Assert.False(actual.GetFrameInfo(0).IsContiguous);
        }
        finally
        {
            File.Delete(reference);
        }
    }
}
