using System.Globalization;
using System.Text;

namespace ScanImageTiff.Fuzz;

/// <summary>
/// Turns a seed into a mutant with one to four mutations, chosen by a seeded <see cref="Random"/> so a run is
/// reproducible. Structural mutations aim at the fields <see cref="TiffMap"/> located (IFD entries: tag, type,
/// count, value/offset; entry counts; next-IFD pointers; the header); textual ones at ScanImage metadata and
/// frame headers (keys, values, numbers at boundaries, deep keys, struct-array indices, JSON nesting); generic
/// ones flip bits, truncate and splice.
/// </summary>
public sealed class Mutator(IReadOnlyList<byte[]> seeds, int seed)
{
    private static readonly long[] s_boundaries =
    [
        0, 1, 2, 3, 4, 7, 8, 15, 16, 255, 256, 32767, 32768, 65535, 65536, 1L << 24, int.MaxValue, 1L << 31, uint.MaxValue, 1L << 32,
        (1L << 53) + 1, long.MaxValue, -1, -2, int.MinValue, long.MinValue,
    ];

    private static readonly string[] s_numberTexts =
    [
        "0", "1", "2", "-1", "65536", "2147483646", "2147483647", "2147483648", "4294967296", "4611686018427387904", "9223372036854775807",
        "9223372036854775808", "1e308", "-1e308", "1e-320", "Inf", "-Inf", "NaN", "[]", "[5]", "[1 2 3]", "[1;2;3]", "true", "false", "''", "{}",
        "1.5", "-0", "0x10", "[1 2;3]", "zeros(65536,65536)", "ones(1,2)", "\"_Inf_\"", "{{{{1}}}}",
    ];

    private static readonly string[] s_keys =
    [
        "SI.hRoiManager.mroiEnable", "SI.hStackManager.numSlices", "SI.hStackManager.framesPerSlice", "SI.hStackManager.actualNumSlices",
        "SI.hStackManager.numFramesPerVolume", "SI.hStackManager.numFramesPerVolumeWithFlyback", "SI.hChannels.channelSave",
        "SI.hScan2D.logAverageFactor", "SI.hFastZ.numDiscardFlybackFrames", "SI.hStackManager.enable", "SI.hFastZ.enable",
        "SI.hFastZ.discardFlybackFrames", "SI.hStackManager.actualNumVolumes", "frameNumbers", "acquisitionNumbers", "frameTimestamps_sec",
        "endOfAcquisition", "endOfAcquisitionMode", "frameNumberAcquisition", "epoch", "SI.VERSION_MAJOR", "SI.hRoiManager.linePeriod",
        "SI.hScan2D.flytoTimePerScanfield", "scanimage.SI.VERSION_MAJOR", "state.acq.numberOfZSlices", "SI.x__65536.y", "SI.x__3.y",
    ];

    private readonly Random _random = new(seed);
    private readonly TiffMap?[] _maps = [.. seeds.Select(s => TiffMap.TryBuild(s))];

    /// <summary>What the last <see cref="Next"/> did, for the finding report.</summary>
    public string LastMutations { get; private set; } = string.Empty;

    public byte[] Next()
    {
        var index = _random.Next(seeds.Count);
        var data = (byte[])seeds[index].Clone();
        var seedLength = data.Length;
        var steps = 1 + _random.Next(_random.Next(4) == 0 ? 4 : 2);
        var log = new StringBuilder();
        for (var i = 0; i < steps && data.Length > 0; i++)
        {
            var kind = _random.Next(10);
            var map = data.Length >= seedLength ? _maps[index] : null; // positions hold until the data is cut
            var name = kind switch
            {
                < 4 when map is not null => Structural(data, map),
                < 7 when map is not null && map.Texts.Count > 0 => Textual(ref data, map),
                _ => Generic(ref data),
            };
            log.Append(name).Append(' ');
        }

        LastMutations = $"seed {index}: {log}";
        return data;
    }

    private string Structural(byte[] d, TiffMap map)
    {
        switch (_random.Next(6))
        {
            case 0 when map.Entries.Count > 0:
            {
                // One field of one entry: tag, type, count or value/offset.
                var entry = Pick(map.Entries);
                var field = _random.Next(4);
                var at = field switch { 0 => entry, 1 => entry + 2, 2 => entry + 4, _ => entry + 4 + map.OffsetSize };
                if (field < 2)
                {
                    map.Write16(d, at, field == 1 ? (ushort)_random.Next(20) : (ushort)Pick([256, 257, 258, 259, 262, 270, 273, 277, 278, 279, 284, 317, 322, 323, 324, 325, 338, 339, 65535]));
                }
                else if (field == 2)
                {
                    WriteSized(d, map, at, map.IsBigTiff ? 8 : 4, Boundary());
                }
                else
                {
                    WriteSized(d, map, at, map.OffsetSize, _random.Next(3) == 0 ? Boundary() : _random.Next(d.Length + 64));
                }

                return "entry";
            }

            case 1 when map.Pointers.Count > 0:
            {
                // Next-IFD pointer: loop back, point into data, past the end, or zero.
                var at = Pick(map.Pointers);
                var target = _random.Next(4) switch
                {
                    0 => map.Counts.Count > 0 ? Pick(map.Counts) : 0,
                    1 => 0,
                    2 => d.Length + _random.Next(1, 100),
                    _ => _random.Next(d.Length),
                };
                map.WriteOffset(d, at, target);
                return "pointer";
            }

            case 2 when map.Counts.Count > 0:
            {
                var at = Pick(map.Counts);
                WriteSized(d, map, at, map.IsBigTiff ? 8 : 2, Boundary());
                return "count";
            }

            case 3 when map.Entries.Count > 1:
            {
                // Copy one entry over another (repeated tags, strip arrays pointing at one place).
                var from = Pick(map.Entries);
                var to = Pick(map.Entries);
                Array.Copy(d, from, d, to, map.EntrySize);
                return "entry-copy";
            }

            case 4:
            {
                // Header: byte order, magic, BigTIFF offset size.
                var at = _random.Next(map.IsBigTiff ? 16 : 8);
                d[at] = (byte)_random.Next(256);
                return "header";
            }

            default:
            {
                // The offset array of a strip entry: every strip at one place, or overlapping runs.
                if (map.Entries.Count == 0)
                {
                    return "none";
                }

                var entry = Pick(map.Entries);
                var arrayAt = map.ReadOffset(d, entry + 4 + map.OffsetSize);
                var value = _random.Next(d.Length);
                for (var k = 0; k < 8 && arrayAt >= 0 && arrayAt <= d.Length - ((k + 1) * 4); k++)
                {
                    map.Write32(d, (int)arrayAt + (k * 4), (uint)value);
                }

                return "strip-array";
            }
        }
    }

    private string Textual(ref byte[] d, TiffMap map)
    {
        var (offset, length) = Pick(map.Texts);
        if (offset + length > d.Length || length == 0)
        {
            return "none";
        }

        var text = Encoding.Latin1.GetString(d, offset, length);
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        var body = nul >= 0 ? text[..nul] : text;
        string replaced;
        string what;
        switch (_random.Next(7))
        {
            case 0:
            {
                // A value: replace the text after one '=' or ':' with a boundary number or odd literal.
                var marks = Enumerable.Range(0, body.Length).Where(i => body[i] is '=' or ':').ToArray();
                if (marks.Length == 0)
                {
                    return "none";
                }

                var at = marks[_random.Next(marks.Length)] + 1;
                var end = body.IndexOfAny(['\n', '\r', ',', '}'], at);
                end = end < 0 ? body.Length : end;
                replaced = string.Concat(body.AsSpan(0, at), " ", Pick(s_numberTexts), body.AsSpan(end));
                what = "value";
                break;
            }

            case 1:
                // A known key with a boundary value, prepended (MATLAB text) or as a JSON member.
                replaced = body.TrimStart().StartsWith('{')
                    ? "{\"" + Pick(s_keys) + "\": " + Pick(s_numberTexts) + ", " + body.TrimStart()[1..]
                    : $"{Pick(s_keys)} = {Pick(s_numberTexts)}\n{body}";
                what = "key";
                break;
            case 2:
            {
                // A deep key or deep JSON nesting.
                var depth = Pick([10, 63, 64, 65, 300, 5000]);
                replaced = body.TrimStart().StartsWith('{')
                    ? "{\"d\": " + string.Concat(Enumerable.Repeat("{\"a\": [", depth)) + "1" + string.Concat(Enumerable.Repeat("]}", depth)) + ", " + body.TrimStart()[1..]
                    : "SI" + string.Concat(Enumerable.Repeat(".a", depth)) + " = 1\n" + body;
                what = "depth";
                break;
            }

            case 3:
                // Struct-array indices, several lines.
                replaced = string.Concat(Enumerable.Range(0, _random.Next(1, 20)).Select(k => $"SI.s{k}__{Pick(s_boundaries) & 0x1ffff}.b = 1\n")) + body;
                what = "index";
                break;
            case 4:
            {
                // Delete or duplicate a slice of the text.
                var a = _random.Next(body.Length + 1);
                var b = Math.Min(body.Length, a + _random.Next(64));
                replaced = _random.Next(2) == 0 ? string.Concat(body.AsSpan(0, a), body.AsSpan(b)) : string.Concat(body.AsSpan(0, b), body.AsSpan(a));
                what = "slice";
                break;
            }

            case 5:
                // Any digit run becomes a boundary number.
                replaced = System.Text.RegularExpressions.Regex.Replace(body, "[0-9]+", m => _random.Next(4) == 0 ? Pick(s_boundaries).ToString(CultureInfo.InvariantCulture) : m.Value);
                what = "numbers";
                break;
            default:
            {
                // One structural character of the text changes.
                var chars = body.ToCharArray();
                if (chars.Length > 0)
                {
                    chars[_random.Next(chars.Length)] = Pick(['{', '}', '[', ']', '"', '\'', '.', '=', ';', ',', '\n', '\0', ':', '_']);
                }

                replaced = new string(chars);
                what = "char";
                break;
            }
        }

        // Same length in place when it fits (offsets stay valid); otherwise the text is cut to the region.
        var bytes = Encoding.Latin1.GetBytes(replaced);
        if (bytes.Length <= length || _random.Next(3) != 0)
        {
            Array.Clear(d, offset, length);
            bytes.AsSpan(0, Math.Min(bytes.Length, length)).CopyTo(d.AsSpan(offset));
            return "text-" + what;
        }

        // Longer text appended at the end and the region's entry is not updated: the reader sees a cut text,
        // unless this is the last region; both are useful.
        var grown = new byte[d.Length + bytes.Length];
        d.CopyTo(grown, 0);
        bytes.CopyTo(grown, d.Length);
        Array.Clear(d, offset, length);
        bytes.AsSpan(0, Math.Min(bytes.Length, length)).CopyTo(grown.AsSpan(offset));
        d = grown;
        return "text-long-" + what;
    }

    private string Generic(ref byte[] d)
    {
        switch (_random.Next(5))
        {
            case 0:
            {
                for (var k = _random.Next(1, 8); k > 0; k--)
                {
                    d[_random.Next(d.Length)] ^= (byte)(1 << _random.Next(8));
                }

                return "bits";
            }

            case 1:
                d[_random.Next(d.Length)] = (byte)Pick([0, 1, 0x7f, 0x80, 0xff, (byte)'{', (byte)'=']);
                return "byte";
            case 2:
                Array.Resize(ref d, _random.Next(d.Length));
                return "truncate";
            case 3:
            {
                // Splice a block of another seed in.
                var other = seeds[_random.Next(seeds.Count)];
                var from = _random.Next(other.Length);
                var to = _random.Next(d.Length);
                var n = Math.Min(_random.Next(1, 512), Math.Min(other.Length - from, d.Length - to));
                Array.Copy(other, from, d, to, n);
                return "splice";
            }

            default:
            {
                if (d.Length < 4)
                {
                    return "none";
                }

                var at = _random.Next(d.Length - 3);
                var value = Boundary();
                BitConverter.TryWriteBytes(d.AsSpan(at, 4), (uint)value);
                return "int";
            }
        }
    }

    private long Boundary() => Pick(s_boundaries) + (_random.Next(4) == 0 ? _random.Next(-2, 3) : 0);

    private static void WriteSized(byte[] d, TiffMap map, int at, int size, long value)
    {
        if (at + size > d.Length)
        {
            return;
        }

        switch (size)
        {
            case 2:
                map.Write16(d, at, (ushort)value);
                break;
            case 4:
                map.Write32(d, at, (uint)value);
                break;
            default:
                map.Write64(d, at, (ulong)value);
                break;
        }
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
