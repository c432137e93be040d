using ScanImageTiff.Streaming;
using ScanImageTiff.Tests.Cli;

namespace ScanImageTiff.Tests.Streaming;

public sealed class FileChangeSignalTests : IDisposable
{
    // Far longer than any test may wait: a wait that ends before it was ended by a notification.
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_write_to_the_followed_file_ends_the_wait()
    {
        var path = _dir.File("live_00001_00001.tif");
        await File.WriteAllBytesAsync(path, [1, 2, 3]);
        using var signal = new FileChangeSignal(path, Hour);
        Assert.True(signal.IsWatching);
        await signal.WaitAsync(CancellationToken.None); // the first poll interval (1 ms) elapses

        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var wait = signal.WaitAsync(safety.Token).AsTask();
        await File.AppendAllTextAsync(path, "more");
        await wait; // throws OperationCanceledException if no notification arrived in a minute
    }

    [Fact]
    public async Task The_next_file_of_the_acquisition_ends_the_wait()
    {
        using var signal = new FileChangeSignal(_dir.File("live_00001_00001.tif"), Hour);
        await signal.WaitAsync(CancellationToken.None);

        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var wait = signal.WaitAsync(safety.Token).AsTask();
        await File.WriteAllBytesAsync(_dir.File("live_00001_00002.tif"), [1]);
        await wait;
    }

    [Fact]
    public async Task Without_a_folder_to_watch_it_polls()
    {
        using var signal = new FileChangeSignal(Path.Combine(_dir.Path, "missing", "a.tif"), TimeSpan.FromMilliseconds(5));
        Assert.False(signal.IsWatching);
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (var i = 0; i < 5; i++)
        {
            await signal.WaitAsync(safety.Token); // capped at 5 ms each: returns without any notification
        }
    }

    [Fact]
    public async Task Cancellation_ends_the_wait()
    {
        using var signal = new FileChangeSignal(_dir.File("a.tif"), Hour);
        await signal.WaitAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var wait = signal.WaitAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }
}
