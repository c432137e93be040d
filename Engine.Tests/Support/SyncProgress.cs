namespace ScanImageTiff.Tests.Support;

/// <summary>Reports on the calling thread (<see cref="Progress{T}"/> would post to the thread pool).</summary>
internal sealed class SyncProgress(Action<long> report) : IProgress<long>
{
    public void Report(long value) => report(value);
}
