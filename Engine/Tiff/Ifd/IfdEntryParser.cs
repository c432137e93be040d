namespace ScanImageTiff.Tiff;

/// <summary>
/// Decodes the entries of one IFD into <see cref="IfdValues"/>: only the tags the indexer needs, each
/// type- and count-checked, with out-of-line values bounds-checked against the file before they are read.
/// </summary>
/// <remarks>A struct inside the indexer: one object less per open, and its calls bind statically.</remarks>
internal readonly struct IfdEntryParser(IfdEncoding encoding, IfdWindow window)
{
    private readonly IfdEncoding _f = encoding;
    private readonly IfdWindow _window = window;

    /// <summary>True for the tags the indexer decodes; every other tag is skipped unread.</summary>
    public static bool IsIndexedTag(ushort tag) => tag switch
    {
        TiffTag.ImageWidth or TiffTag.ImageLength or TiffTag.BitsPerSample or TiffTag.Compression
            or TiffTag.PhotometricInterpretation or TiffTag.FillOrder or TiffTag.ImageDescription or TiffTag.StripOffsets
            or TiffTag.SamplesPerPixel or TiffTag.RowsPerStrip or TiffTag.StripByteCounts or TiffTag.PlanarConfiguration
            or TiffTag.Software or TiffTag.Artist or TiffTag.SampleFormat or TiffTag.TileWidth or TiffTag.TileLength
            or TiffTag.TileOffsets or TiffTag.TileByteCounts or TiffTag.Predictor or TiffTag.YCbCrSubSampling => true,
        _ => false,
    };

    /// <summary>
    /// Decodes <paramref name="entries"/> (at file offset <paramref name="entriesOffset"/>) of IFD <paramref name="index"/>.
    /// Throws <see cref="TiffFormatException"/> for malformed entries; records in <see cref="IfdValues.Cut"/> a tag
    /// whose data lies past <paramref name="length"/>.
    /// </summary>
    public void Parse(ReadOnlySpan<byte> entries, long entriesOffset, int index, long length, ref IfdValues v)
    {
        var fieldSize = _f.OffsetSize;
        var entrySize = _f.EntrySize;
        var e = _f.Endian;
        for (var pos = 0; pos < entries.Length; pos += entrySize)
        {
            var entry = entries.Slice(pos, entrySize);
            var tag = e.U16(entry);
            if (!IsIndexedTag(tag))
            {
                continue;
            }

            var type = e.U16(entry[2..]);
            var count = _f.ValueCount(entry);
            var valueField = entry.Slice(_f.ValueAt, fieldSize);
            var entryOffset = entriesOffset + pos;
            var size = TiffFieldType.SizeOf(type);

            // Software and Artist only serve to cross-check the ScanImage block, TileWidth and TileLength only
            // to name the values in the NotSupportedException for tiled files: like any tag the reader does not
            // need, a broken one is ignored rather than making the whole file unreadable.
            var optional = tag is TiffTag.Software or TiffTag.Artist or TiffTag.TileWidth or TiffTag.TileLength or TiffTag.YCbCrSubSampling;
            if (size == 0)
            {
                if (optional)
                {
                    continue;
                }

                throw new TiffFormatException($"tag {tag} has unknown field type {type}", entryOffset, index);
            }

            if (count > (ulong)(long.MaxValue / 8))
            {
                if (optional)
                {
                    continue;
                }

                throw new TiffFormatException($"tag {tag} claims {count} values", entryOffset, index);
            }

            var byteCount = (long)count * size;
            long dataOffset;
            if (byteCount <= fieldSize)
            {
                dataOffset = entryOffset + _f.ValueAt;
            }
            else
            {
                var target = _f.Offset(valueField);
                if (target > (ulong)length || byteCount > length - (long)target)
                {
                    if (optional)
                    {
                        continue;
                    }

                    v.Cut ??= (entryOffset, $"tag {tag} data ({byteCount} bytes at offset {target}) extends past the end of the file ({length} bytes)");
                    continue;
                }

                dataOffset = (long)target;
            }

            switch (tag)
            {
                case TiffTag.ImageDescription:
                    if (v.DescOffset < 0)
                    {
                        if (byteCount > int.MaxValue)
                        {
                            throw new TiffFormatException($"ImageDescription of {byteCount} bytes", entryOffset, index);
                        }

                        v.DescOffset = dataOffset;
                        v.DescLength = (int)byteCount;
                    }

                    break;
                case TiffTag.Software:
                    if (index == 0) v.Software = (dataOffset, byteCount);
                    break;
                case TiffTag.Artist:
                    if (index == 0) v.Artist = (dataOffset, byteCount);
                    break;
                case TiffTag.StripOffsets:
                case TiffTag.TileOffsets:
                    // Tile arrays take the strip arrays' place: both list a frame's chunks as (offset, byte count).
                    RequireInteger(tag, type, entryOffset, index);
                    v.Tiled |= tag == TiffTag.TileOffsets;
                    v.StripOffsetsAt = dataOffset;
                    v.StripOffsetsCount = (long)count;
                    v.StripOffsetsType = type;
                    v.StripOffsetsEntry = entryOffset;
                    break;
                case TiffTag.StripByteCounts:
                case TiffTag.TileByteCounts:
                    RequireInteger(tag, type, entryOffset, index);
                    v.StripCountsAt = dataOffset;
                    v.StripCountsCount = (long)count;
                    v.StripCountsType = type;
                    v.StripCountsEntry = entryOffset;
                    break;
                case TiffTag.TileWidth:
                case TiffTag.TileLength:
                    v.Tiled |= tag == TiffTag.TileWidth;
                    if (count > 0 && IfdEncoding.IsInteger(type))
                    {
                        var tile = byteCount <= fieldSize ? _f.Integer(valueField, type) : IntegerAt(dataOffset, type);
                        if (tag == TiffTag.TileWidth)
                        {
                            v.TileWidth = tile;
                        }
                        else
                        {
                            v.TileLength = tile;
                        }
                    }

                    break;
                case TiffTag.YCbCrSubSampling:
                    // Two factors (horizontal, vertical); like the tile tags it only decides "supported or not".
                    if (count >= 2 && IfdEncoding.IsInteger(type))
                    {
                        var inline = byteCount <= fieldSize;
                        v.YCbCrHorizontal = inline ? _f.Integer(valueField, type) : IntegerAt(dataOffset, type);
                        v.YCbCrVertical = inline ? _f.Integer(valueField[size..], type) : IntegerAt(dataOffset + size, type);
                    }

                    break;
                case TiffTag.BitsPerSample:
                case TiffTag.SampleFormat:
                    RequireInteger(tag, type, entryOffset, index);
                    ReadUniform(tag, type, count, dataOffset, byteCount, valueField, entryOffset, index, ref v);
                    break;
                default:
                    RequireInteger(tag, type, entryOffset, index);
                    if (count == 0)
                    {
                        throw new TiffFormatException($"tag {tag} has no value", entryOffset, index);
                    }

                    var scalar = byteCount <= fieldSize ? _f.Integer(valueField, type) : IntegerAt(dataOffset, type);
                    switch (tag)
                    {
                        case TiffTag.ImageWidth: v.Width = scalar; break;
                        case TiffTag.ImageLength: v.Height = scalar; break;
                        case TiffTag.Compression: v.Compression = scalar; break;
                        case TiffTag.PhotometricInterpretation: v.Photometric = scalar; break;
                        case TiffTag.FillOrder: v.FillOrder = scalar; break;
                        case TiffTag.SamplesPerPixel: v.SamplesPerPixel = scalar; break;
                        case TiffTag.RowsPerStrip: v.RowsPerStrip = scalar; break;
                        case TiffTag.PlanarConfiguration: v.Planar = scalar; break;
                        case TiffTag.Predictor: v.Predictor = scalar; break;
                    }

                    break;
            }
        }
    }

    private static void RequireInteger(ushort tag, ushort type, long entryOffset, int index)
    {
        if (!IfdEncoding.IsInteger(type))
        {
            throw new TiffFormatException($"tag {tag} has field type {type}, expected an integer type", entryOffset, index);
        }
    }

    private void ReadUniform(ushort tag, ushort type, ulong count, long dataOffset, long byteCount, ReadOnlySpan<byte> valueField, long entryOffset, int index, ref IfdValues v)
    {
        if (count == 0)
        {
            throw new TiffFormatException($"tag {tag} has no value", entryOffset, index);
        }

        // One value per sample; a handful at most in real files, so cap what we look at.
        var n = (int)Math.Min(count, 16);
        var size = TiffFieldType.SizeOf(type);
        Span<byte> buffer = stackalloc byte[16 * 8];
        var bytes = byteCount <= _f.OffsetSize ? valueField : _window.Bytes(dataOffset, n * size, buffer);
        var first = _f.Integer(bytes, type);
        var mixed = false;
        for (var i = 1; i < n; i++)
        {
            mixed |= _f.Integer(bytes[(i * size)..], type) != first;
        }

        if (tag == TiffTag.BitsPerSample)
        {
            v.Bits = first;
            v.MixedBits = mixed;
        }
        else
        {
            v.SampleFormat = first;
            v.MixedFormat = mixed;
        }
    }

    private long IntegerAt(long offset, ushort type)
    {
        Span<byte> buffer = stackalloc byte[8];
        return _f.Integer(_window.Bytes(offset, TiffFieldType.SizeOf(type), buffer), type);
    }
}
