using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Native.Interop;

/// <summary>
/// The engine's enums as the C ABI's codes. Vidrio's <c>nd_type</c> lists the unsigned types first
/// (u8 u16 u32 u64 i8 …), unlike <see cref="PixelType"/>, so the mapping is spelled out.
/// </summary>
internal static class TypeCodes
{
    public static int Of(PixelType type) => type switch
    {
        PixelType.UInt8 => 0,
        PixelType.UInt16 => 1,
        PixelType.UInt32 => 2,
        PixelType.UInt64 => 3,
        PixelType.Int8 => 4,
        PixelType.Int16 => 5,
        PixelType.Int32 => 6,
        PixelType.Int64 => 7,
        PixelType.Float32 => 8,
        PixelType.Float64 => 9,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no nd_type code"),
    };

    public static int Of(ScanImageEra? era) => era switch
    {
        null => 0,
        ScanImageEra.SI3 => 1,
        ScanImageEra.SI4 => 2,
        ScanImageEra.SI5 => 3,
        ScanImageEra.SI2015 => 4,
        ScanImageEra.SI2016Plus => 5,
        _ => throw new ArgumentOutOfRangeException(nameof(era), era, "no era code"),
    };

    public static int StackModeOf(string? mode) => mode switch
    {
        null => 0,
        "fast" => 1,
        _ => 2,
    };
}
