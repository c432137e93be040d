using System.Text;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Tests.ScanImage;

public class MetadataTreeTests
{
    /// <summary>Lines in the style of SI 2021 section 0, covering every value form seen in the corpus.</summary>
    internal const string Si2021Excerpt = """
        SI.LINE_FORMAT_VERSION = 1
        SI.PREMIUM = true
        SI.TIFF_FORMAT_VERSION = 4
        SI.VERSION_COMMIT = '3baa4b74bec9938bfd4c7403bddbe78f2a0ccd93'
        SI.VERSION_MAJOR = 2021
        SI.acqState = 'grab'
        SI.errorMsg = ''
        SI.extTrigEnable = false
        SI.fieldCurvatureRxs = []
        SI.hBeams.lengthConstants = Inf
        SI.hBeams.powerBoxes.rect = [0.25 0.25 0.5 0.5]
        SI.hBeams.powerBoxes.powers = NaN
        SI.hBeams.pzAdjust = scanimage.types.BeamAdjustTypes.None
        SI.hBeams.pzFunction = {'@scanimage.util.defaultPowerFunction'}
        SI.hChannels.channelInputRange = {[-1 1] [-1 1]}
        SI.hChannels.channelSave = [1 2]
        SI.hChannels.channelType = {'stripe' 'stripe'}
        SI.hIntegrationRoiManager.outputChannelsFunctions = {}
        SI.hIntegrationRoiManager.postProcessFcn = '@scanimage.components.integrationRois.integrationPostProcessingFcn'
        SI.hMotionManager.motionMarkersXY = zeros(0,2)
        SI.hMotors.axesPosition = [8607.36 -7099.68 -251149]
        SI.hRoiManager.imagingFovUm = [-135 -135;135 -135;135 135;-135 135]
        SI.hRoiManager.linePeriod = 6.30957e-05
        SI.hScan2D.logFramesPerFile = Inf
        SI.hScan2D.virtualChannelSettings__1.source = 'AI0'
        SI.hScan2D.virtualChannelSettings__1.laserFilterWindow = [0 0]
        SI.hScan2D.virtualChannelSettings__2.source = 'AI1'
        SI.hScan2D.virtualChannelSettings__2.laserFilterWindow = [1 1]
        SI.hStackManager.arbitraryZs = [0;1]
        SI.hStackManager.zs = -251149
        SI.objectiveResolution = 15

        """;

    [Fact]
    public void Parses_section0_style_lines()
    {
        var tree = MetadataTree.ParseMatlab(Si2021Excerpt);

        Assert.Equal(31, tree.Count);
        Assert.Equal(MatlabValueKind.Struct, tree.Root.Kind);
        Assert.Equal(["SI"], tree.Root.Fields.Keys);
        Assert.Equal(4, tree["SI.TIFF_FORMAT_VERSION"]!.AsDouble());
        Assert.True(tree["SI.PREMIUM"]!.AsBoolean());
        Assert.Equal("grab", tree["SI.acqState"]!.AsString());
        Assert.Equal([1.0, 2.0], tree["SI.hChannels.channelSave"]!.AsDoubleArray());
        Assert.Equal(double.PositiveInfinity, tree["SI.hScan2D.logFramesPerFile"]!.AsDouble());
        Assert.Equal(MatlabValueKind.Unparsed, tree["SI.hBeams.pzAdjust"]!.Kind);
        Assert.Equal((4, 2), (tree["SI.hRoiManager.imagingFovUm"]!.Rows, tree["SI.hRoiManager.imagingFovUm"]!.Columns));
        Assert.Equal((0, 2), (tree["SI.hMotionManager.motionMarkersXY"]!.Rows, tree["SI.hMotionManager.motionMarkersXY"]!.Columns));
        Assert.Equal(MatlabValueKind.Struct, tree["SI.hBeams.powerBoxes"]!.Kind);
        Assert.Null(tree["SI.hBeams.nope"]);
        Assert.Null(tree["SI.acqState.deeper"]);
        Assert.Null(tree[""]);
    }

    [Fact]
    public void Struct_array_segments_build_a_struct_array()
    {
        var tree = MetadataTree.ParseMatlab(Si2021Excerpt);

        var settings = tree["SI.hScan2D.virtualChannelSettings"]!;
        Assert.Equal(MatlabValueKind.StructArray, settings.Kind);
        Assert.Equal(2, settings.Items.Count);
        Assert.Equal((1, 2), (settings.Rows, settings.Columns));
        Assert.Equal("AI1", settings.Items[1]["source"].AsString());
        Assert.True(tree.TryGetValue("SI.hScan2D.virtualChannelSettings__2.source", out var source));
        Assert.Equal("AI1", source.AsString());
        Assert.Equal(MatlabValueKind.Struct, tree["SI.hScan2D.virtualChannelSettings__1"]!.Kind);
        Assert.False(tree.TryGetValue("SI.hScan2D.virtualChannelSettings__3.source", out _));
        Assert.False(tree.TryGetValue("SI.hScan2D.virtualChannelSettings__0.source", out _));
        JsonAssert.Equal(
            """[{"source":"AI0","laserFilterWindow":[0,0]},{"source":"AI1","laserFilterWindow":[1,1]}]""",
            settings.ToJsonNode());
    }

    [Fact]
    public void Struct_array_elements_may_arrive_out_of_order()
    {
        var tree = MetadataTree.ParseMatlab("a.s__3.x = 3\na.s__1.x = 1\n");

        var s = tree["a.s"]!;
        Assert.Equal(3, s.Items.Count);
        Assert.Equal(1, s.Items[0]["x"].AsDouble());
        Assert.Empty(s.Items[1].Fields);
        Assert.Equal(3, s.Items[2]["x"].AsDouble());
    }

    [Fact]
    public void A_trailing_index_or_a_huge_index_stays_a_plain_name()
    {
        var tree = MetadataTree.ParseMatlab("a.b__1 = 5\na.c__99999999.x = 1\na.d__01.x = 2\n");

        Assert.Equal(5, tree["a.b__1"]!.AsDouble());
        Assert.Equal(MatlabValueKind.Struct, tree["a.c__99999999"]!.Kind);
        Assert.Equal(2, tree["a.d__01.x"]!.AsDouble());
    }

    [Fact]
    public void Flatten_yields_leaves_in_source_order_with_round_tripping_keys()
    {
        var tree = MetadataTree.ParseMatlab(Si2021Excerpt);

        var leaves = tree.Flatten().ToList();
        var sourceKeys = Si2021Excerpt.Split('\n').Where(l => l.Contains('=', StringComparison.Ordinal)).Select(l => l[..l.IndexOf(" = ", StringComparison.Ordinal)]).ToList();
        Assert.Equal(sourceKeys, leaves.Select(l => l.Key));
        Assert.Equal(tree.Count, leaves.Count);
        foreach (var (key, value) in leaves)
        {
            Assert.Same(value, tree[key]);
        }

        Assert.Equal("[0.25 0.25 0.5 0.5]", tree["SI.hBeams.powerBoxes.rect"]!.RawText);
    }

    [Fact]
    public void Line_endings_LF_CRLF_and_CR_give_equal_trees()
    {
        var lf = MetadataTree.ParseMatlab(Si2021Excerpt);
        var crlf = MetadataTree.ParseMatlab(Si2021Excerpt.Replace("\n", "\r\n", StringComparison.Ordinal));
        var cr = MetadataTree.ParseMatlab(Si2021Excerpt.Replace("\n", "\r", StringComparison.Ordinal));
        var noFinalNewline = MetadataTree.ParseMatlab(Si2021Excerpt.TrimEnd('\n') + "\0");

        Assert.Equal(lf.Root, crlf.Root);
        Assert.Equal(lf.Root, cr.Root);
        Assert.Equal(lf.Root, noFinalNewline.Root);
        Assert.Equal(15, noFinalNewline["SI.objectiveResolution"]!.AsDouble());
    }

    [Fact]
    public void Legacy_state_text_with_CR_and_no_spaces()
    {
        const string text = "state.configPath='C:\\Users\\me\\ScanImage3.8rc1'\rstate.software.version=3.8\rstate.acq.numberOfFrames=30\r"
            + "state.acq.nextTrigInputTerminal=[]\rstate.acq.framesPerFile=Inf\rstate.internal.figureColormap1='$scim_colorMap(''gray'',8,5)'\r"
            + "state.internal.triggerTimeString='7/30/2014 21:10:00.731'\r";

        var tree = MetadataTree.ParseMatlab(text);

        Assert.Equal(7, tree.Count);
        Assert.Equal("C:\\Users\\me\\ScanImage3.8rc1", tree["state.configPath"]!.AsString());
        Assert.Equal(3.8, tree["state.software.version"]!.AsDouble());
        Assert.Equal(30, tree["state.acq.numberOfFrames"]!.AsDouble());
        Assert.Equal(MatlabValueKind.Empty, tree["state.acq.nextTrigInputTerminal"]!.Kind);
        Assert.Equal(double.PositiveInfinity, tree["state.acq.framesPerFile"]!.AsDouble());
        Assert.Equal("$scim_colorMap('gray',8,5)", tree["state.internal.figureColormap1"]!.AsString());
        Assert.Equal("7/30/2014 21:10:00.731", tree["state.internal.triggerTimeString"]!.AsString());
    }

    [Fact]
    public void Legacy_scanimage_prefixed_lines_keep_their_keys()
    {
        const string text = "Frame Tag = 00000001\nscanimage.SI4.acqNumFrames = 10\nscanimage.SI4.acqState = 'idle'\n"
            + "scanimage.SI5.VERSION_MAJOR = 5\nscanimage.SI.hChannels.channelSave = [1;2]\n";

        var tree = MetadataTree.ParseMatlab(text);

        Assert.Equal(1, tree["Frame Tag"]!.AsDouble());
        Assert.Equal(10, tree["scanimage.SI4.acqNumFrames"]!.AsDouble());
        Assert.Equal("idle", tree["scanimage.SI4.acqState"]!.AsString());
        Assert.Equal(5, tree["scanimage.SI5.VERSION_MAJOR"]!.AsDouble());
        Assert.Equal([1.0, 2.0], tree["scanimage.SI.hChannels.channelSave"]!.AsDoubleArray());
        Assert.Equal(["Frame Tag", "scanimage"], tree.Root.Fields.Keys);
    }

    [Fact]
    public void Value_is_everything_after_the_first_equals_sign_and_lines_without_one_are_skipped()
    {
        var tree = MetadataTree.ParseMatlab("just a comment line\nSI.expr = 'a = b'\nSI.raw = x == y\n\n   \nSI.empty =\n=5\n.a = 1\nb. = 2\nc..d = 3\n");

        Assert.Equal("a = b", tree["SI.expr"]!.AsString());
        Assert.Equal("x == y", tree["SI.raw"]!.AsString());
        Assert.Equal(MatlabValueKind.Empty, tree["SI.empty"]!.Kind);
        Assert.Equal(3, tree.Count);
    }

    [Fact]
    public void Later_assignments_replace_earlier_ones_in_place()
    {
        var tree = MetadataTree.ParseMatlab("a.x = 1\na.y = 2\na.x = 3\na.y.z = 4\nb.c = 5\nb = 6\n");

        Assert.Equal(3, tree["a.x"]!.AsDouble());
        Assert.Equal(4, tree["a.y.z"]!.AsDouble());
        Assert.Equal(6, tree["b"]!.AsDouble());
        Assert.Equal(["a.x", "a.y.z", "b"], tree.Flatten().Select(l => l.Key));
    }

    [Fact]
    public void Empty_text_gives_an_empty_tree()
    {
        var tree = MetadataTree.ParseMatlab(string.Empty);

        Assert.Equal(0, tree.Count);
        Assert.Empty(tree.Flatten());
        Assert.Empty(tree.Root.Fields);
    }

    /// <summary>The JSON form of the same settings as <see cref="JsonEquivalentText"/>, as JSONlab writes it.</summary>
    private const string JsonSection0 = """
        {
          "SI": {
            "LINE_FORMAT_VERSION": 1,
            "PREMIUM": true,
            "VERSION_MAJOR": 2021,
            "acqState": "grab",
            "errorMsg": "",
            "fieldCurvatureRxs": [],
            "hBeams": {
              "lengthConstants": "_Inf_",
              "powerBoxes": {
                "rect": [0.25,0.25,0.5,0.5],
                "powers": "_NaN_"
              },
              "pzFunction": ["@scanimage.util.defaultPowerFunction"]
            },
            "hChannels": {
              "channelInputRange": ["auto",[-1,1]],
              "channelSave": [1,2],
              "channelType": ["stripe","stripe"]
            },
            "hMotionManager": {
              "motionMarkersXY": {"_ArrayType_": "double","_ArraySize_": [0,2],"_ArrayData_": null}
            },
            "hRoiManager": {
              "imagingFovUm": [[-135,-135],[135,-135],[135,135],[-135,135]]
            },
            "hScan2D": {
              "logFramesPerFile": "_Inf_",
              "virtualChannelSettings": [
                {"source": "AI0","laserFilterWindow": [0,0]},
                {"source": "AI1","laserFilterWindow": [1,1]}
              ]
            },
            "hStackManager": {
              "arbitraryZs": [[0],[1]],
              "zs": -251149,
              "zsRelative": {"_ArrayType_": "double","_ArraySize_": [1,0],"_ArrayData_": null}
            },
            "objectiveResolution": 15
          }
        }
        """;

    private const string JsonEquivalentText = """
        SI.LINE_FORMAT_VERSION = 1
        SI.PREMIUM = true
        SI.VERSION_MAJOR = 2021
        SI.acqState = 'grab'
        SI.errorMsg = ''
        SI.fieldCurvatureRxs = []
        SI.hBeams.lengthConstants = Inf
        SI.hBeams.powerBoxes.rect = [0.25 0.25 0.5 0.5]
        SI.hBeams.powerBoxes.powers = NaN
        SI.hBeams.pzFunction = {'@scanimage.util.defaultPowerFunction'}
        SI.hChannels.channelInputRange = {'auto' [-1 1]}
        SI.hChannels.channelSave = [1 2]
        SI.hChannels.channelType = {'stripe' 'stripe'}
        SI.hMotionManager.motionMarkersXY = zeros(0,2)
        SI.hRoiManager.imagingFovUm = [-135 -135;135 -135;135 135;-135 135]
        SI.hScan2D.logFramesPerFile = Inf
        SI.hScan2D.virtualChannelSettings__1.source = 'AI0'
        SI.hScan2D.virtualChannelSettings__1.laserFilterWindow = [0 0]
        SI.hScan2D.virtualChannelSettings__2.source = 'AI1'
        SI.hScan2D.virtualChannelSettings__2.laserFilterWindow = [1 1]
        SI.hStackManager.arbitraryZs = [0;1]
        SI.hStackManager.zs = -251149
        SI.hStackManager.zsRelative = zeros(1,0)
        SI.objectiveResolution = 15

        """;

    [Fact]
    public void Json_and_text_forms_of_the_same_settings_give_equal_trees()
    {
        var fromJson = MetadataTree.ParseJson(Encoding.UTF8.GetBytes(JsonSection0 + "\n\0"));
        var fromText = MetadataTree.ParseMatlab(JsonEquivalentText);

        Assert.Equal(fromText.Count, fromJson.Count);
        Assert.Equal(fromText.Flatten().Select(l => l.Key), fromJson.Flatten().Select(l => l.Key));
        foreach (var (key, value) in fromText.Flatten())
        {
            Assert.True(value.Equals(fromJson[key]), $"{key}: text {value} vs JSON {fromJson[key]}");
        }

        Assert.Equal(fromText.Root, fromJson.Root);
    }

    /// <summary>
    /// JSONlab writes the cell <c>{[-1 1] [-1 1]}</c> and the matrix <c>[-1 1;-1 1]</c> both as
    /// <c>[[-1,1],[-1,1]]</c>; the JSON form cannot tell them apart, and equal-length rows are read as a matrix.
    /// </summary>
    [Fact]
    public void Json_arrays_of_equal_number_rows_are_matrices_and_other_arrays_cells()
    {
        var tree = MetadataTree.ParseJson("""{"m": [[-1,1],[-1,1]], "a": [[1,2],[3]], "b": [1,"x"], "c": [null, {"x":1}], "d": [true,false], "e": {}}"""u8);

        Assert.Equal((MatlabValueKind.Matrix, 2, 2), (tree["m"]!.Kind, tree["m"]!.Rows, tree["m"]!.Columns));
        Assert.Equal(MatlabValueKind.Cell, tree["a"]!.Kind);
        Assert.Equal(MatlabValueKind.Cell, tree["b"]!.Kind);
        Assert.Equal(MatlabValueKind.Cell, tree["c"]!.Kind);
        Assert.True(tree["d"]!.IsLogical);
        Assert.Equal(MatlabValueKind.Struct, tree["e"]!.Kind);
        Assert.Equal(["m", "a", "b", "c", "d", "e"], tree.Flatten().Select(l => l.Key));
    }

    [Fact]
    public void Jsonlab_annotated_arrays_are_decoded_column_major()
    {
        var tree = MetadataTree.ParseJson("""{"m": {"_ArrayType_":"double","_ArraySize_":[2,3],"_ArrayData_":[1,4,2,5,3,6]}, "z": {"_ArrayType_":"double","_ArraySize_":[1,0],"_ArrayData_":null}, "c": {"_ArrayType_":"double","_ArraySize_":[1,1],"_ArrayIsComplex_":true,"_ArrayData_":[1,2]}}"""u8);

        Assert.Equal([1.0, 2, 3, 4, 5, 6], tree["m"]!.AsDoubleArray());
        Assert.Equal((2, 3), (tree["m"]!.Rows, tree["m"]!.Columns));
        Assert.Equal((MatlabValueKind.Empty, 1, 0), (tree["z"]!.Kind, tree["z"]!.Rows, tree["z"]!.Columns));
        Assert.Equal(MatlabValueKind.Struct, tree["c"]!.Kind);
    }

    [Fact]
    public void Parse_detects_json_and_text_sections()
    {
        var text = MetadataTree.Parse(Encoding.ASCII.GetBytes("SI.a = 1\n\0garbage after the NUL = 2"));
        var json = MetadataTree.Parse(Encoding.ASCII.GetBytes("  {\"SI\": {\"a\": 1}}\n\0"));
        var latin1 = MetadataTree.Parse([.. "SI.p = '"u8, 0xE9, .. "'\n"u8]);

        Assert.Equal(text.Root, json.Root);
        Assert.Equal(1, text.Count);
        Assert.Equal("é", latin1["SI.p"]!.AsString());
    }

    /// <summary>Malformed JSON → TiffFormatException whose FileOffset, message and Data carry the offset of the offending byte.</summary>
    [Theory]
    [InlineData("{\"SI\": }", 7)]
    [InlineData("{\"SI\": {\"a\": 1,}}", 15)]
    [InlineData("{\n  \"SI\": {\n    \"a\": tru\n  }\n}", 24)]
    [InlineData("{\"SI\": 1} x", 10)]
    [InlineData("{\"SI\": [1, 2}", 12)]
    [InlineData("{\"SI\": 1", 8)]
    [InlineData("\uFEFF{\"SI\": x}", 10)]
    [InlineData("[1, 2]", 0)]
    [InlineData("\uFEFF  \"text\"", 5)]
    [InlineData("{\"\u00e9\": 1,\n\"b\": x}", 15)]
    public void Malformed_json_reports_the_byte_position(string json, long position)
    {
        var ex = Assert.Throws<TiffFormatException>(() => MetadataTree.ParseJson(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(position, ex.Data["BytePosition"]);
        Assert.Equal(position, ex.FileOffset);
        Assert.Contains($"at byte offset {position}", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The reader reports (line, byte in line); replacing each LF by a space keeps every byte offset, so the absolute position must not change.</summary>
    [Theory]
    [InlineData("{\n  \"SI\": {\n    \"a\": tru\n  }\n}")]
    [InlineData("{\n\n\n\"SI\": {\"a\": [1,\n2,\n,3]}}")]
    [InlineData("{\r\n  \"SI\": {\r\n    \"a\": 1\r\n  }\r\n} x")]
    [InlineData("{\"\u00e9\u00e9\": 1,\n\"b\": x}")]
    public void Byte_position_is_absolute_across_lines(string json)
    {
        var multiLine = Assert.Throws<TiffFormatException>(() => MetadataTree.ParseJson(Encoding.UTF8.GetBytes(json)));
        var oneLine = Assert.Throws<TiffFormatException>(() => MetadataTree.ParseJson(Encoding.UTF8.GetBytes(json.Replace('\n', ' '))));

        Assert.Equal(oneLine.Data["BytePosition"], multiLine.Data["BytePosition"]);
    }

    [Fact]
    public void Invalid_utf8_inside_a_json_string_is_malformed_data()
    {
        byte[] json = [.. "{\"SI\": {\"a\": \""u8, 0xFF, 0xFE, .. "\"}}"u8];

        var ex = Assert.Throws<TiffFormatException>(() => MetadataTree.ParseJson(json));

        Assert.Equal(13L, ex.Data["BytePosition"]);
    }
}
