namespace ScanImageTiff.ScanImage;

/// <summary>The shape of a <see cref="MatlabValue"/>, as ScanImage writes MATLAB values into its metadata.</summary>
public enum MatlabValueKind
{
    /// <summary>A real scalar (<c>1</c>, <c>-0.5</c>, <c>6.31623e-05</c>, <c>Inf</c>, <c>NaN</c>; also <c>[5]</c>).</summary>
    Number,

    /// <summary>A logical scalar (<c>true</c> / <c>false</c>).</summary>
    Logical,

    /// <summary>A character vector (<c>'grab'</c>, <c>''</c>).</summary>
    String,

    /// <summary>A real matrix with at least two elements (<c>[1 2]</c>, <c>[0;1]</c>, <c>[-135 -135;135 -135]</c>), stored row-major.</summary>
    Matrix,

    /// <summary>A non-empty cell array (<c>{'a' 'b'}</c>, <c>{[-1 1] [-1 1]}</c>).</summary>
    Cell,

    /// <summary>A scalar struct (a path prefix such as <c>SI.hChannels</c>, or a JSON object).</summary>
    Struct,

    /// <summary>A struct array (<c>name__1.x</c>, <c>name__2.x</c> lines, or a JSON array of objects).</summary>
    StructArray,

    /// <summary>An empty value: <c>[]</c>, <c>{}</c>, <c>zeros(1,0)</c>, JSON <c>null</c>, an empty JSONlab array, or nothing after <c>=</c>.</summary>
    Empty,

    /// <summary>A value ScanImage could not encode and wrote as <c>&lt;nonscalar struct/object&gt;</c> or <c>&lt;unencodeable value&gt;</c>.</summary>
    Placeholder,

    /// <summary>A function handle such as <c>@scanimage.util.defaultPowerFunction</c>.</summary>
    FunctionHandle,

    /// <summary>Text that is not a literal this parser understands (for example an enumeration member); kept verbatim.</summary>
    Unparsed,
}
