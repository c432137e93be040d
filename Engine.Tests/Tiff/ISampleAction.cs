namespace ScanImageTiff.Tests.Tiff;

/// <summary>A test body generic over the CLR sample type, run for a <see cref="PixelType"/> chosen at run time.</summary>
internal interface ISampleAction
{
    void Run<T>()
        where T : unmanaged;
}
