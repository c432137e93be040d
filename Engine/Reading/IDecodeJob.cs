namespace ScanImageTiff.Reading;

/// <summary>Work for <see cref="DecodeThreads"/>: runs to completion without waiting on other jobs.</summary>
internal interface IDecodeJob
{
    /// <summary>Does a bounded amount of work; must not throw.</summary>
    void Run();
}
