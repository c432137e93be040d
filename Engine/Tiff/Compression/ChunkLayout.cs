namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// How a frame's pixels are cut into separately stored chunks (strips or tiles, per plane when
/// PlanarConfiguration = 2) and how each chunk is encoded. Chunks are numbered as in the StripOffsets or
/// TileOffsets array: plane by plane, and within a plane row by row (tiles left to right, TIFF 6.0 section 15).
/// </summary>
internal readonly record struct ChunkLayout(
    int Width,
    int Height,
    int SamplesPerPixel,
    int BytesPerSample,
    bool Planar,
    bool Tiled,
    int ChunkWidth,
    int ChunkHeight,
    ushort Compression,
    ushort Predictor)
{
    /// <summary>Samples side by side in one chunk row: 1 per plane when planar, else all of a pixel's.</summary>
    public int SamplesPerChunkPixel => Planar ? 1 : SamplesPerPixel;

    public int Planes => Planar ? SamplesPerPixel : 1;

    public int ChunksAcross => Tiled ? (int)(((long)Width + ChunkWidth - 1) / ChunkWidth) : 1;

    public int ChunksDown => (int)(((long)Height + ChunkHeight - 1) / ChunkHeight);

    public long ChunksPerPlane => (long)ChunksAcross * ChunksDown;

    public long ChunkCount => ChunksPerPlane * Planes;

    /// <summary>Bytes of one chunk row (a tile's full width, even at the right edge).</summary>
    public long ChunkRowBytes => (long)ChunkWidth * SamplesPerChunkPixel * BytesPerSample;

    /// <summary>Decoded bytes of chunk <paramref name="index"/>: full tiles, strips of their own rows (the last one shorter).</summary>
    public long ChunkBytes(long index) => ChunkRowBytes * ChunkRows(index);

    /// <summary>Rows stored in chunk <paramref name="index"/>: a tile's full height, a strip's rows within the image.</summary>
    public int ChunkRows(long index)
    {
        if (Tiled)
        {
            return ChunkHeight;
        }

        var down = (int)(index % ChunksPerPlane);
        return Math.Min(ChunkHeight, Height - (down * ChunkHeight));
    }

    /// <summary>True when chunk bytes can be decoded straight into the frame (chunky strips: they are whole rows of it).</summary>
    public bool DecodesInPlace => !Tiled && !Planar;

    /// <summary>
    /// Why this combination cannot be decoded (names the tag and value), or null. <paramref name="floatingPoint"/>
    /// is SampleFormat = 3.
    /// </summary>
    public string? Unsupported(bool floatingPoint)
    {
        if (!TiffCompression.IsSupported(Compression))
        {
            return $"compressed image data (tag 259 Compression = {TiffCompression.Describe(Compression)}) is not supported; lossless LZW, Deflate, PackBits, Zstandard and LZMA are";
        }

        if (ChunkBytes(0) > int.MaxValue / 2)
        {
            return $"a strip or tile of {ChunkBytes(0)} bytes is not supported";
        }

        return Predictor switch
        {
            TiffCompression.PredictorNone => null,
            // Like libtiff, differencing is applied to any 8- to 64-bit sample, float bit patterns included.
            TiffCompression.PredictorHorizontal when BytesPerSample is 1 or 2 or 4 or 8 => null,
            TiffCompression.PredictorFloatingPoint when BytesPerSample is 2 or 4 or 8 && floatingPoint => null,
            _ => $"tag 317 Predictor = {Predictor} with {BytesPerSample * 8}-bit {(floatingPoint ? "floating-point" : "integer")} samples is not supported",
        };
    }
}
