using System.Text;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Tests.ScanImage;

/// <summary>
/// Seeded random and mutated inputs: the MATLAB text parsers never throw, the JSON-capable parsers throw
/// nothing but <see cref="TiffFormatException"/>, and the bulk scanner never throws.
/// </summary>
public class RobustnessTests
{
    private const int Iterations = 3000;

    /// <summary>Bytes that matter to the parsers, so random strings reach deep into them.</summary>
    private static readonly byte[] s_alphabet = Encoding.ASCII.GetBytes("[]{}()'\"\\;,.=:@<>_-+eE0123456789 \t\r\n\0aINfrsuxSIt&");

    private static readonly string[] s_seeds =
    [
        MetadataTreeTests.Si2021Excerpt,
        FrameHeaderTests.Si2021Text,
        ScanImageRoiDataTests.DefaultRoiJson,
        """{"FrameHeader": {"frameNumbers": 7, "frameTimestamps_sec": "_Inf_", "epoch": [2018,10,9,11,58,49.866], "aux": [[1,2],["a]"]]}}""",
        """{"SI": {"a": {"_ArrayType_":"double","_ArraySize_":[2,2],"_ArrayData_":[1,2,3,4]}, "b": [[0],[1]], "c": [{"x":1},{"x":2}]}}""",
        "state.configPath='C:\\x'\rstate.internal.figureColormap1='$scim_colorMap(''gray'',8,5)'\rstate.acq.framesPerFile=Inf\r",
        "SI.x = {zeros(1,0) ones(2,3) int16([1 2]) logical(1) cell(1,2) <nonscalar struct/object> @f {'a';'b'} [1 2;3 4]}\n",
    ];

    public static TheoryData<int> Seeds => [1, 2, 3];

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 200)];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = random.Next(8) == 0 ? (byte)random.Next(256) : s_alphabet[random.Next(s_alphabet.Length)];
        }

        if (bytes.Length > 0 && random.Next(3) == 0)
        {
            bytes[0] = (byte)'{';
        }

        return bytes;
    }

    private static byte[] Mutate(Random random)
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(s_seeds[random.Next(s_seeds.Length)]));
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] = s_alphabet[random.Next(s_alphabet.Length)];
                    break;
                case 1:
                    bytes.Insert(at, s_alphabet[random.Next(s_alphabet.Length)]);
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    private static IEnumerable<byte[]> Inputs(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Iterations; i++)
        {
            yield return i % 2 == 0 ? RandomBytes(random) : Mutate(random);
        }
    }

    private static void Exercise(MatlabValue value)
    {
        _ = value.RawText;
        _ = value.ToString();
        _ = value.ToJsonNode()?.ToJsonString();
        _ = value.GetHashCode();
        Assert.True(value.Equals(value));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Matlab_text_parsing_never_throws(int seed)
    {
        foreach (var input in Inputs(seed))
        {
            var text = Encoding.Latin1.GetString(input);
            var tree = MetadataTree.ParseMatlab(text);
            foreach (var (key, value) in tree.Flatten())
            {
                Assert.True(tree.TryGetValue(key, out _), key);
                Exercise(value);
            }

            foreach (var line in text.Split('\n', '\r'))
            {
                Exercise(MatlabValue.Parse(line));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Frame_header_parsing_throws_only_TiffFormatException(int seed)
    {
        var builder = new FrameHeaderColumnsBuilder(Iterations);
        foreach (var input in Inputs(seed))
        {
            builder.Add(input);
            try
            {
                var header = FrameHeader.Parse(input);
                Assert.Equal(4, header.AuxTriggers.Count);
                foreach (var value in header.Values.Values)
                {
                    Exercise(value);
                }
            }
            catch (TiffFormatException ex)
            {
                Assert.IsType<long>(ex.Data["BytePosition"]);
                Assert.InRange((long)ex.Data["BytePosition"]!, 0, input.Length);
            }
        }

        Assert.Equal(Iterations, builder.Build().Count);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Roi_and_json_section_parsing_throw_only_TiffFormatException(int seed)
    {
        foreach (var input in Inputs(seed))
        {
            try
            {
                var data = ScanImageRoiData.Parse(input);
                Assert.NotNull(data.PhotostimRoiGroups);
            }
            catch (TiffFormatException ex)
            {
                Assert.InRange((long)ex.Data["BytePosition"]!, 0, input.Length);
            }

            try
            {
                var tree = MetadataTree.Parse(input);
                Assert.Equal(tree.Count, tree.Flatten().Count());
            }
            catch (TiffFormatException ex)
            {
                Assert.InRange((long)ex.Data["BytePosition"]!, 0, input.Length);
            }

            _ = VidrioMetadata.Compose(input, input.AsSpan(0, input.Length / 2));
        }
    }

    [Fact]
    public void Deep_nesting_is_bounded()
    {
        var deepCell = new string('{', 10_000) + new string('}', 10_000);
        var deepJson = Encoding.ASCII.GetBytes(new string('[', 10_000) + new string(']', 10_000));

        Assert.Equal(MatlabValueKind.Unparsed, MatlabValue.Parse(deepCell).Kind);
        Assert.Throws<TiffFormatException>(() => ScanImageRoiData.Parse(deepJson));
        var builder = new FrameHeaderColumnsBuilder(1);
        builder.Add([(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', .. deepJson]);
        Assert.Equal(-1, builder.Build().FrameNumbers[0]);
    }
}
