using System.Buffers.Binary;
using System.IO.Compression;

namespace ScanImageTiff.Fuzz;

/// <summary>
/// Seeds the project's writer cannot make: tiled and planar (PlanarConfiguration = 2) compressed images, and an
/// LZMA strip. One IFD each, written field by field here (classic or BigTIFF, either byte order), so the codec
/// mutators have tiles with edge crops, separate planes and .xz streams to work on.
/// </summary>
internal static class HandBuiltSeeds
{
    // Python's lzma.compress(bytes(1000)): an .xz stream (LZMA2, CRC-64) of 1000 zero bytes.
    private const string XzOf1000Zeros =
        "fd377a585a000004e6d6b4460200210116000000742fe5a3e003e7000b5d00006ffdffffa3b75a0d5e0000004f258aec2be22a37000127e807000000f4558f5cb1c467fb020000000004595a";

    public static IEnumerable<(string Name, byte[] Bytes)> Build()
    {
        // 24 x 20 uint8 in 16 x 16 deflate tiles: 2 x 2 tiles, the right and bottom ones cropped.
        var tiles = Enumerable.Range(0, 4).Select(t => ZLib([.. Enumerable.Range(0, 256).Select(i => (byte)((i * 3) + t))])).ToArray();
        yield return ("tiled-deflate", Image(false, false, 24, 20, 1, 8, 8, planar: false, tile: 16, tiles));
        yield return ("tiled-deflate-bigtiff-mm", Image(true, true, 24, 20, 1, 8, 8, planar: false, tile: 16, tiles));

        // 6 x 4 RGB uint16, planar: three deflate strips (one per plane) of 4 rows, horizontal predictor.
        var planes = Enumerable.Range(0, 3).Select(p => ZLib(new byte[6 * 4 * 2])).ToArray();
        yield return ("planar-deflate-pred", Image(false, false, 6, 4, 3, 16, 8, planar: true, tile: 0, planes, predictor: 2));
        yield return ("planar-deflate-bigtiff-mm", Image(true, true, 6, 4, 3, 16, 32946, planar: true, tile: 0, planes));

        // 40 x 25 uint8 in one LZMA strip.
        yield return ("lzma", Image(false, false, 40, 25, 1, 8, 34925, planar: false, tile: 0, [Convert.FromHexString(XzOf1000Zeros)]));
    }

    private static byte[] Image(bool big, bool be, int width, int height, int samples, int bits, int compression, bool planar, int tile, byte[][] chunks, int predictor = 1)
    {
        var file = new List<byte>();
        void Put(ulong value, int size)
        {
            Span<byte> b = stackalloc byte[8];
            if (be)
            {
                BinaryPrimitives.WriteUInt64BigEndian(b, value);
                file.AddRange(b[(8 - size)..].ToArray());
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(b, value);
                file.AddRange(b[..size].ToArray());
            }
        }

        file.AddRange(be ? "MM"u8.ToArray() : "II"u8.ToArray());
        Put(big ? 43u : 42u, 2);
        if (big)
        {
            Put(8, 2);
            Put(0, 2);
        }

        var ifdPointerAt = file.Count;
        Put(0, big ? 8 : 4);
        var offsets = new List<ulong>();
        foreach (var chunk in chunks)
        {
            offsets.Add((ulong)file.Count);
            file.AddRange(chunk);
        }

        // Out-of-line values (arrays longer than the entry's field) go before the IFD.
        var offsetSize = big ? 8 : 4;
        var longType = big ? (ushort)16 : (ushort)4;
        var entries = new List<(ushort Tag, ushort Type, ulong[] Values)>
        {
            (256, 4, [(ulong)width]), (257, 4, [(ulong)height]), (258, 3, [.. Enumerable.Repeat((ulong)bits, samples)]),
            (259, 3, [(ulong)compression]), (262, 3, [samples == 3 ? 2ul : 1ul]),
        };
        if (tile == 0)
        {
            entries.Add((273, longType, [.. offsets]));
        }

        entries.Add((277, 3, [(ulong)samples]));
        if (tile == 0)
        {
            entries.Add((278, 4, [(ulong)height]));
            entries.Add((279, longType, [.. chunks.Select(c => (ulong)c.Length)]));
        }

        entries.Add((284, 3, [planar ? 2ul : 1ul]));
        entries.Add((317, 3, [(ulong)predictor]));
        if (tile > 0)
        {
            entries.Add((322, 3, [(ulong)tile]));
            entries.Add((323, 3, [(ulong)tile]));
            entries.Add((324, longType, [.. offsets]));
            entries.Add((325, longType, [.. chunks.Select(c => (ulong)c.Length)]));
        }

        var arrays = new Dictionary<ushort, ulong>();
        foreach (var (tag, type, values) in entries)
        {
            var size = type == 3 ? 2 : type == 4 ? 4 : 8;
            if (values.Length * size > offsetSize)
            {
                if ((file.Count & 1) != 0)
                {
                    file.Add(0);
                }

                arrays[tag] = (ulong)file.Count;
                foreach (var v in values)
                {
                    Put(v, size);
                }
            }
        }

        if ((file.Count & 1) != 0)
        {
            file.Add(0);
        }

        var ifd = (ulong)file.Count;
        Put((ulong)entries.Count, big ? 8 : 2);
        foreach (var (tag, type, values) in entries)
        {
            var size = type == 3 ? 2 : type == 4 ? 4 : 8;
            Put(tag, 2);
            Put(type, 2);
            Put((ulong)values.Length, big ? 8 : 4);
            if (arrays.TryGetValue(tag, out var at))
            {
                Put(at, offsetSize);
                continue;
            }

            foreach (var v in values)
            {
                Put(v, size);
            }

            for (var pad = values.Length * size; pad < offsetSize; pad++)
            {
                file.Add(0);
            }
        }

        Put(0, offsetSize);
        var bytes = file.ToArray();
        var pointer = bytes.AsSpan(ifdPointerAt, offsetSize);
        if (big)
        {
            if (be)
            {
                BinaryPrimitives.WriteUInt64BigEndian(pointer, ifd);
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(pointer, ifd);
            }
        }
        else if (be)
        {
            BinaryPrimitives.WriteUInt32BigEndian(pointer, (uint)ifd);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(pointer, (uint)ifd);
        }

        return bytes;
    }

    private static byte[] ZLib(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(plain);
        }

        return output.ToArray();
    }
}
