using System.Collections.Concurrent;

namespace ScanImageTiff.Reading;

/// <summary>
/// One background thread per core, started on first use and kept, that run <see cref="OrderedProducer{T}"/> work.
/// Kept threads keep their per-thread decoders and scratch buffers (<c>StripCodecs</c>), so a checksum or a stream
/// allocates nothing per call for them. A job never blocks its thread (a producer whose ring is full ends its job
/// and is scheduled again when its consumer takes an item), so producers sharing these threads cannot wait on each
/// other, however their consumers interleave.
/// </summary>
internal static class DecodeThreads
{
    private static readonly ConcurrentQueue<IDecodeJob> s_jobs = new();
    private static readonly SemaphoreSlim s_pending = new(0);
    private static readonly Lazy<int> s_started = new(Start);

    /// <summary>Threads in the pool: the processor count (at least 2, so one job can overlap its consumer).</summary>
    public static int Count => s_started.Value;

    /// <summary>Runs <paramref name="job"/> once on a pool thread.</summary>
    public static void Run(IDecodeJob job)
    {
        _ = s_started.Value;
        s_jobs.Enqueue(job);
        s_pending.Release();
    }

    private static int Start()
    {
        var count = Math.Clamp(Environment.ProcessorCount, 2, 64);
        for (var i = 0; i < count; i++)
        {
            new Thread(Loop) { IsBackground = true, Name = "ScanImageTiff decode" }.Start();
        }

        return count;
    }

    private static void Loop()
    {
        while (true)
        {
            s_pending.Wait();
            if (s_jobs.TryDequeue(out var job))
            {
                job.Run();
            }
        }
    }
}
