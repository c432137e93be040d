namespace ScanImageTiff.ScanImage;

/// <summary>
/// The ROI groups of a ScanImage 2016+ file (section 1 of the header block, also the Artist tag):
/// <c>{"RoiGroups": {"imagingRoiGroup": …, "photostimRoiGroups": …, "integrationRoiGroup": …}}</c>.
/// </summary>
/// <param name="ImagingRoiGroup">The imaging ROI group; null when absent.</param>
/// <param name="PhotostimRoiGroups">Photostimulation groups (JSON null, one object or an array); empty when none.</param>
/// <param name="IntegrationRoiGroup">The integration ROI group; null when absent.</param>
public sealed record ScanImageRoiData(RoiGroup? ImagingRoiGroup, IReadOnlyList<RoiGroup> PhotostimRoiGroups, RoiGroup? IntegrationRoiGroup)
{
    private static readonly MatlabValue[] s_none = [];

    /// <summary>
    /// Parses the ROI group JSON, normalising JSONlab's encodings: a 1×1 struct array is an object and a
    /// longer one an array (<c>rois</c>, <c>scanfields</c>, <c>photostimRoiGroups</c>), empty arrays are
    /// <c>{"_ArrayType_":…,"_ArraySize_":[1,0],"_ArrayData_":null}</c> objects, <c>zs</c> is a number or an array.
    /// </summary>
    /// <param name="utf8Json">UTF-8 JSON; everything from the first NUL on and trailing white space are ignored.</param>
    /// <returns>The ROI data; all groups empty for empty input or <c>{}</c>.</returns>
    /// <exception cref="TiffFormatException">
    /// The JSON is malformed. The message names the byte offset, which is also <see cref="TiffFormatException.FileOffset"/> and in
    /// <see cref="Exception.Data"/> under <c>"BytePosition"</c>.
    /// </exception>
    /// <remarks>Fields of unexpected type are treated as absent rather than failing the whole parse.</remarks>
    public static ScanImageRoiData Parse(ReadOnlySpan<byte> utf8Json)
    {
        var nul = utf8Json.IndexOf((byte)0);
        if (nul >= 0)
        {
            utf8Json = utf8Json[..nul];
        }

        utf8Json = utf8Json[..(utf8Json.LastIndexOfAnyExcept(" \t\r\n"u8) + 1)];
        if (utf8Json.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            return new ScanImageRoiData(null, [], null);
        }

        var root = JsonMatlabReader.Read(utf8Json);
        var groups = Field(root, "RoiGroups") is { Kind: MatlabValueKind.Struct } wrapped ? wrapped : root;
        return new ScanImageRoiData(
            ReadGroup(Field(groups, "imagingRoiGroup")),
            Array.AsReadOnly(Structs(Field(groups, "photostimRoiGroups")).Select(g => ReadGroup(g)!).ToArray()),
            ReadGroup(Field(groups, "integrationRoiGroup")));
    }

    private static RoiGroup? ReadGroup(MatlabValue? group)
    {
        if (group is not { Kind: MatlabValueKind.Struct })
        {
            return null;
        }

        var rois = Structs(Field(group, "rois")).Select(ReadRoi).ToArray();
        return new RoiGroup(Text(Field(group, "name")), Array.AsReadOnly(rois));
    }

    private static Roi ReadRoi(MatlabValue roi)
    {
        var zs = Numbers(Field(roi, "zs"));
        var scanfields = Structs(Field(roi, "scanfields"))
            .Select((field, i) => ReadScanfield(field, i < zs.Length ? zs[i] : zs.Length > 0 ? zs[0] : null))
            .ToArray();
        return new Roi(
            Text(Field(roi, "name")),
            Array.AsReadOnly(scanfields),
            Array.AsReadOnly(zs),
            Flag(Field(roi, "discretePlaneMode"), false),
            Flag(Field(roi, "enable"), true));
    }

    private static Scanfield ReadScanfield(MatlabValue field, double? z)
    {
        var center = Numbers(Field(field, "centerXY"));
        var size = Numbers(Field(field, "sizeXY"));
        var pixels = Numbers(Field(field, "pixelResolutionXY"));
        var rotation = Numbers(Field(field, "rotationDegrees"));
        return new Scanfield(
            At(center, 0, double.NaN),
            At(center, 1, double.NaN),
            At(size, 0, double.NaN),
            At(size, 1, double.NaN),
            At(rotation, 0, 0),
            PixelCount(At(pixels, 0, 0)),
            PixelCount(At(pixels, 1, 0)),
            z,
            Flag(Field(field, "enable"), true));
    }

    private static MatlabValue? Field(MatlabValue? value, string name)
        => value is { Kind: MatlabValueKind.Struct } && value.FieldMap!.TryGetValue(name, out var field) ? field : null;

    /// <summary>JSONlab writes a 1×1 struct array as an object and a longer one as an array; both become a list.</summary>
    private static IReadOnlyList<MatlabValue> Structs(MatlabValue? value) => value?.Kind switch
    {
        MatlabValueKind.Struct => [value],
        MatlabValueKind.StructArray => value.Items,
        MatlabValueKind.Cell => [.. value.Items.Where(i => i.Kind == MatlabValueKind.Struct)],
        _ => s_none,
    };

    private static double[] Numbers(MatlabValue? value)
        => value?.Kind is MatlabValueKind.Number or MatlabValueKind.Logical or MatlabValueKind.Matrix or MatlabValueKind.Empty ? value.AsDoubleArray() : [];

    private static double At(double[] values, int index, double fallback) => index < values.Length ? values[index] : fallback;

    private static int PixelCount(double value) => value is >= 0 and < int.MaxValue ? (int)Math.Round(value) : 0;

    private static string Text(MatlabValue? value) => value?.Kind == MatlabValueKind.String ? value.AsString() : string.Empty;

    private static bool Flag(MatlabValue? value, bool fallback) => value?.Kind is MatlabValueKind.Number or MatlabValueKind.Logical && !double.IsNaN(value.AsDouble())
        ? value.AsDouble() != 0
        : fallback;
}
