namespace ScanImageTiff;

/// <summary>Sample type of a frame. <see cref="PixelTypes.NumpyName"/> gives numpy's name for it.</summary>
public enum PixelType
{
    /// <summary>8-bit unsigned (numpy <c>uint8</c>).</summary>
    UInt8,

    /// <summary>8-bit signed (numpy <c>int8</c>).</summary>
    Int8,

    /// <summary>16-bit unsigned (numpy <c>uint16</c>).</summary>
    UInt16,

    /// <summary>16-bit signed (numpy <c>int16</c>); what ScanImage 2016+ writes.</summary>
    Int16,

    /// <summary>32-bit unsigned (numpy <c>uint32</c>).</summary>
    UInt32,

    /// <summary>32-bit signed (numpy <c>int32</c>).</summary>
    Int32,

    /// <summary>64-bit unsigned (numpy <c>uint64</c>).</summary>
    UInt64,

    /// <summary>64-bit signed (numpy <c>int64</c>).</summary>
    Int64,

    /// <summary>32-bit IEEE float (numpy <c>float32</c>).</summary>
    Float32,

    /// <summary>64-bit IEEE float (numpy <c>float64</c>).</summary>
    Float64,
}
