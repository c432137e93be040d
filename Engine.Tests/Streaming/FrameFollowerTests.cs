using System.Security.Cryptography;
using ScanImageTiff.Memory;
using ScanImageTiff.Streaming;
using ScanImageTiff.Tests.Support;

namespace ScanImageTiff.Tests.Streaming;

public sealed class FrameFollowerTests
{
    private const int W = 16;
    private const int H = 8;
    private const int N = W * H;

    // Generous: the machine is shared; no test depends on these being short, only on them ending.
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);

    private static string Header(int frame, bool last) =>
        $"frameNumbers = {frame + 1}\nendOfAcquisition = {(last ? 1 : 0)}\nendOfAcquisitionMode = {(last ? 1 : 0)}\n";

    [Theory]
    [InlineData(ReadBackend.Mapped)]
    [InlineData(ReadBackend.RandomAccess)]
    public async Task Frames_written_by_another_thread_arrive_once_in_order_and_end_on_the_last_frame(ReadBackend backend)
    {
        using var file = new StreamTestFile();
        const int frames = 60;

        // The writer starts after the follower, so the follower also waits for the file to appear.
        var writer = StartWriter(() =>
        {
            Thread.Sleep(30);
            using var w = TiffStackWriter.Create(file.Path, TiffWriterOptions.ScanImage("SI.x = 1"u8.ToArray(), "{}"u8.ToArray()));
            for (var f = 0; f < frames; f++)
            {
                w.AppendFrame<short>(StreamTestFile.Pixels(f, N), W, H, Header(f, f == frames - 1));
                Thread.Sleep(f % 7 == 0 ? 15 : 0);
            }
        });

        var follower = new FrameFollower(file.Path, new FollowOptions { PollInterval = Poll, IdleTimeout = Idle, EndGrace = TimeSpan.FromMilliseconds(100), Backend = backend });
        var got = new List<int>();
        await foreach (var frame in follower.FollowAsync<short>())
        {
            Assert.Equal(got.Count, frame.Ordinal);
            Assert.Equal(got.Count, frame.Index);
            Assert.Equal(backend == ReadBackend.RandomAccess, frame.IsCopy);
            StreamTestFile.AssertFrame(frame.Index, frame.Pixels.Span, N);
            Assert.StartsWith($"frameNumbers = {frame.Index + 1}\n", frame.GetDescription(), StringComparison.Ordinal);
            got.Add(frame.Index);
        }

        await writer;
        Assert.Equal(Enumerable.Range(0, frames), got);
        Assert.Equal(FollowEndReason.LastFrame, follower.EndReason);
        Assert.Equal(frames, follower.FrameCount);
        Assert.Equal(new[] { file.Path }, follower.Files);
    }

    [Fact]
    public async Task A_file_copied_in_by_another_process_in_small_chunks_is_followed_exactly()
    {
        // Another process (sh + dd) appends a finished file 700 bytes at a time, in file order: links are
        // then written before the IFDs and pixels they point to, so this leans on the reader's length checks,
        // not on the writer's link-last order.
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/sh"))
        {
            return;
        }

        using var dir = new StreamTestFile("source.tif");
        const int frames = 25;
        StreamTestFile.Write(
            dir.Path, frames, W, H, TiffWriterOptions.ScanImage("SI.x = 1"u8.ToArray(), "{}"u8.ToArray()), description: f => Header(f, f == frames - 1));
        var target = Path.Combine(dir.Directory, "live.tif");
        var chunks = (new FileInfo(dir.Path).Length + 699) / 700;
        var script = $"i=0; while [ $i -lt {chunks} ]; do dd if='{dir.Path}' of='{target}' bs=700 skip=$i seek=$i count=1 conv=notrunc status=none || exit 1; i=$((i+1)); done";
        using var child = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", script]) { UseShellExecute = false })!;

        var follower = new FrameFollower(target, new FollowOptions { PollInterval = TimeSpan.FromMilliseconds(1), IdleTimeout = Idle, EndGrace = TimeSpan.FromMilliseconds(200) });
        var got = new List<int>();
        await foreach (var frame in follower.FollowAsync<short>())
        {
            StreamTestFile.AssertFrame(frame.Index, frame.Pixels.Span, N);
            Assert.StartsWith($"frameNumbers = {frame.Index + 1}\n", frame.GetDescription(), StringComparison.Ordinal);
            got.Add(frame.Index);
        }

        await child.WaitForExitAsync();
        Assert.Equal(0, child.ExitCode);
        Assert.Equal(Enumerable.Range(0, frames), got);
        Assert.Equal(FollowEndReason.LastFrame, follower.EndReason);
        Assert.Equal(await File.ReadAllBytesAsync(dir.Path), await File.ReadAllBytesAsync(target));
    }

    [Fact]
    public async Task A_long_mapped_follow_switches_to_positional_reads_without_losing_a_frame()
    {
        using var file = new StreamTestFile();
        const int frames = 40;
        using var received = new SemaphoreSlim(0);

        // Frame 0 is linked before the follower starts: a follower woken by every write of a frame could
        // otherwise spend the 3 mappings on the partly written frame 0 (header, pixels, IFD) before taking it.
        var writer = StartLockstepWriter(file.Path, frames, received);

        // Every frame needs a refresh that grew the file; the growing file is mapped with room to double, and 40 frames
        // grow it far more than 8-fold: after 3 mappings the follower must leave the mapped backend.
        var follower = new FrameFollower(file.Path, new FollowOptions { PollInterval = Poll, IdleTimeout = Idle, EndGrace = TimeSpan.FromMilliseconds(50), MaxMappings = 3, Backend = ReadBackend.Mapped });
        var kept = new List<Frame<short>>();
        await foreach (var frame in follower.FollowAsync<short>())
        {
            Assert.Equal(kept.Count, frame.Index);
            StreamTestFile.AssertFrame(frame.Index, frame.Pixels.Span, N);
            kept.Add(frame);
            received.Release();
        }

        await writer;
        Assert.Equal(frames, kept.Count);
        Assert.False(kept[0].IsCopy);
        Assert.True(kept[^1].IsCopy);
        Assert.Equal(ReadBackend.RandomAccess, kept[^1].Reader.Backend);
        Assert.Equal(new[] { file.Path }, follower.Files);
        Assert.Equal(FollowEndReason.LastFrame, follower.EndReason);
    }

    [Fact]
    public async Task A_follower_refreshed_on_every_write_does_not_spend_its_mapping_budget()
    {
        // Each frame is linked by several writes and the follower takes it before the next is written, so every frame
        // grows the file under a refresh. A growing file is mapped with room to double: 300 frames need about
        // log2(300) mappings, far below the budget of 16 that one mapping per growth would spend after 16 frames.
        using var file = new StreamTestFile();
        const int frames = 300;
        using var received = new SemaphoreSlim(0);
        var writer = StartLockstepWriter(file.Path, frames, received);

        var follower = new FrameFollower(file.Path, new FollowOptions { PollInterval = Poll, IdleTimeout = Idle, EndGrace = TimeSpan.FromMilliseconds(50), MaxMappings = 16, Backend = ReadBackend.Mapped });
        var copies = 0;
        var count = 0;
        var mappings = 0;
        var backend = ReadBackend.Mapped;
        await foreach (var frame in follower.FollowAsync<short>())
        {
            Assert.Equal(count, frame.Index);
            StreamTestFile.AssertFrame(frame.Index, frame.Pixels.Span, N);
            copies += frame.IsCopy ? 1 : 0;
            backend = frame.Reader.Backend;
            mappings = frame.Reader.Source is MappedFileSource source ? source.MappingCount : -1;
            count++;
            received.Release();
        }

        await writer;
        Assert.Equal(frames, count);
        Assert.Equal(0, copies);
        Assert.Equal(ReadBackend.Mapped, backend);
        Assert.InRange(mappings, 1, 12);
        Assert.Equal(FollowEndReason.LastFrame, follower.EndReason);
    }

    [Fact]
    public async Task Other_channels_of_the_last_frame_written_just_after_it_still_arrive()
    {
        using var file = new StreamTestFile();
        var writer = StartWriter(() =>
        {
            using var w = TiffStackWriter.Create(file.Path);
            for (var f = 0; f < 6; f++)
            {
                // Frames 4 and 5 are the two channels of the last frame: both carry the marker.
                w.AppendFrame<short>(StreamTestFile.Pixels(f, N), W, H, Header(f / 2, f >= 4));
                Thread.Sleep(f == 4 ? 100 : 0);
            }
        });

        var follower = new FrameFollower(file.Path, new FollowOptions { PollInterval = Poll, IdleTimeout = Idle, EndGrace = TimeSpan.FromSeconds(5) });
        var got = new List<int>();
        await foreach (var frame in follower.FollowAsync<short>())
        {
            StreamTestFile.AssertFrame(frame.Index, frame.Pixels.Span, N);
            got.Add(frame.Index);
        }

        await writer;
        Assert.Equal(Enumerable.Range(0, 6), got);
        Assert.Equal(FollowEndReason.LastFrame, follower.EndReason);
    }

    [Fact]
    public async Task A_marker_followed_by_more_frames_does_not_end_following()
    {
        using var file = new StreamTestFile();
        var writer = StartWriter(() =>
        {
            using var w = TiffStackWriter.Create(file.Path);
            for (var f = 0; f < 10; f++)
            {
                w.AppendFrame<short>(StreamTestFile.Pixels(f, N), W, H, Header(f, f == 4));
                Thread.Sleep(f == 4 ? 50 : 0);
            }
        });

        var follower = new FrameFollower(file.Path, new FollowOptions { PollInterval = Poll, IdleTimeout = TimeSpan.FromMilliseconds(400), EndGrace = TimeSpan.FromSeconds(5) });
        var count = 0;
        await foreach (var frame in follower.FollowAsync<short>())
        {
            StreamTestFile.AssertFrame(frame.Index, frame.Pixels.Span, N);
            count++;
        }

        await writer;
        Assert.Equal(10, count);
        Assert.Equal(FollowEndReason.IdleTimeout, follower.EndReason);
    }

    [Fact]
    public async Task Ends_on_idle_timeout_when_the_writer_stops_without_a_marker()
    {
        using var file = StreamTestFile.Create(10);
        var follower = new FrameFollower(file.Path, new FollowOptions { PollInterval = Poll, IdleTimeout = TimeSpan.FromMilliseconds(200) });
        var got = new List<int>();
        await foreach (var frame in follower.FollowAsync<short>())
        {
            StreamTestFile.AssertFrame(frame.Index, frame.Pixels.Span, N);
            got.Add(frame.Index);
        }

        Assert.Equal(Enumerable.Range(0, 10), got);
        Assert.Equal(FollowEndReason.IdleTimeout, follower.EndReason);
    }

    [Fact]
    public async Task A_file_that_never_appears_ends_on_idle_timeout_with_no_frames()
    {
        using var dir = new StreamTestFile();
        var follower = new FrameFollower(dir.Path, new FollowOptions { PollInterval = Poll, IdleTimeout = TimeSpan.FromMilliseconds(100) });
        await foreach (var frame in follower.FollowAsync<short>())
        {
            Assert.Fail($"frame {frame.Index}");
        }

        Assert.Equal(FollowEndReason.IdleTimeout, follower.EndReason);
        Assert.Empty(follower.Files);
    }

    [Fact]
    public async Task A_file_that_never_becomes_a_tiff_is_a_format_error()
    {
        using var dir = new StreamTestFile();
        await File.WriteAllTextAsync(dir.Path, "this is not a TIFF file at all");
        var e = await Assert.ThrowsAsync<TiffFormatException>(async () =>
        {
            await foreach (var _ in FrameFollower.FollowAsync<short>(dir.Path, new FollowOptions { PollInterval = Poll, IdleTimeout = TimeSpan.FromMilliseconds(100) }))
            {
            }
        });
        Assert.Equal(dir.Path, e.FilePath);
    }

    [Fact]
    public async Task Rolls_over_to_the_next_file_of_the_acquisition()
    {
        using var dir = new StreamTestFile("x_00001_00001.tif");
        var second = Path.Combine(dir.Directory, "x_00001_00002.tif");
        var writer = StartWriter(() =>
        {
            using (var w = TiffStackWriter.Create(dir.Path))
            {
                for (var f = 0; f < 5; f++)
                {
                    w.AppendFrame<short>(StreamTestFile.Pixels(f, N), W, H, Header(f, false));
                    Thread.Sleep(5);
                }
            }

            Thread.Sleep(50);
            using (var w = TiffStackWriter.Create(second))
            {
                for (var f = 5; f < 12; f++)
                {
                    w.AppendFrame<short>(StreamTestFile.Pixels(f, N), W, H, Header(f, f == 11));
                    Thread.Sleep(5);
                }
            }
        });

        var follower = new FrameFollower(dir.Path, new FollowOptions { PollInterval = Poll, IdleTimeout = Idle, EndGrace = TimeSpan.FromMilliseconds(50) });
        var got = new List<(int Ordinal, int Index, string File)>();
        await foreach (var frame in follower.FollowAsync<short>())
        {
            StreamTestFile.AssertFrame(frame.Ordinal, frame.Pixels.Span, N);
            got.Add((frame.Ordinal, frame.Index, frame.Reader.FilePath));
        }

        await writer;
        Assert.Equal(Enumerable.Range(0, 12), got.Select(g => g.Ordinal));
        Assert.Equal(Enumerable.Range(0, 5).Concat(Enumerable.Range(0, 7)), got.Select(g => g.Index));
        Assert.All(got.Take(5), g => Assert.Equal(dir.Path, g.File));
        Assert.All(got.Skip(5), g => Assert.Equal(second, g.File));
        Assert.Equal(new[] { dir.Path, second }, follower.Files);
        Assert.Equal(FollowEndReason.LastFrame, follower.EndReason);
    }

    [Fact]
    public async Task Cancellation_ends_following_with_OperationCanceledException()
    {
        using var file = StreamTestFile.Create(3);
        using var cts = new CancellationTokenSource();
        var follower = new FrameFollower(file.Path, new FollowOptions { PollInterval = Poll, IdleTimeout = Timeout.InfiniteTimeSpan, IsLastFrame = null });
        var count = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var frame in follower.FollowAsync<short>(cts.Token))
            {
                if (++count == 3)
                {
                    cts.CancelAfter(50); // cancels while the follower polls an idle file
                }
            }
        });
        Assert.Equal(3, count);
        Assert.Equal(FollowEndReason.Cancelled, follower.EndReason);
    }

    [Fact]
    public async Task Frames_are_valid_until_the_enumeration_ends()
    {
        using var file = StreamTestFile.Create(4);

        // Zero-copy frames point into the follower's mappings (positional reads, the default, hand out copies).
        var follower = new FrameFollower(file.Path, new FollowOptions { PollInterval = Poll, IdleTimeout = Idle, Backend = ReadBackend.Mapped });
        Frame<short> kept = default;
        await foreach (var frame in follower.FollowAsync<short>())
        {
            kept = frame;
            break;
        }

        Assert.Equal(FollowEndReason.Stopped, follower.EndReason);
        Assert.Throws<ObjectDisposedException>(() => kept.Pixels.Span.Length);
    }

    [Fact]
    public async Task One_enumeration_at_a_time()
    {
        using var file = StreamTestFile.Create(2);
        var follower = new FrameFollower(file.Path, new FollowOptions { PollInterval = Poll, IdleTimeout = TimeSpan.FromMilliseconds(50) });
        await foreach (var _ in follower.FollowAsync<short>())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            {
                await foreach (var __ in follower.FollowAsync<short>())
                {
                }
            });
            break;
        }

        // Once the first has ended, the follower can be used again.
        var count = 0;
        await foreach (var _ in follower.FollowAsync<short>())
        {
            count++;
        }

        Assert.Equal(2, count);
    }

    [Theory]
    [InlineData("frameNumbers = 5\nendOfAcquisition = 1\nendOfAcquisitionMode = 1\ndcOverVoltage = 0\n", true)]
    [InlineData("frameNumbers = 5\nendOfAcquisition = 1\nendOfAcquisitionMode = 0\n", false)] // slow stack: end of a slice
    [InlineData("frameNumbers = 5\nendOfAcquisition = 0\nendOfAcquisitionMode = 0\n", false)]
    [InlineData("frameNumbers = 5\nendOfAcquisition =  1\nnextFileMarkerTimestamps_sec = -1\n", true)] // SI 2015: no Mode key
    [InlineData("frameNumbers = 5\nendOfAcquisition =  0\n", false)]
    [InlineData("{\"frameNumbers\": 5, \"endOfAcquisition\": 1, \"endOfAcquisitionMode\": 1, \"I2CData\": []}", true)]
    [InlineData("{\"FrameHeader\": {\n\t\"endOfAcquisition\": 1,\n\t\"endOfAcquisitionMode\": 0\n}}", false)]
    [InlineData("{\"FrameHeader\": {\n\t\"endOfAcquisition\":1\n}}", true)]
    [InlineData("xendOfAcquisition = 1\n", false)]
    [InlineData("endOfAcquisition = \n", false)]
    [InlineData("", false)]
    public void Default_last_frame_test_reads_ScanImage_headers(string header, bool last)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(header + new string(' ', 40) + "\0");
        Assert.Equal(last, FrameFollower.IsEndOfAcquisition(bytes));
    }

    [Fact]
    public void Next_file_follows_ScanImage_naming_when_the_file_exists()
    {
        using var dir = new StreamTestFile();
        string Touch(string name)
        {
            var p = Path.Combine(dir.Directory, name);
            File.WriteAllBytes(p, []);
            return p;
        }

        var a1 = Touch("mouse_3_00004_00001.tif");
        var a2 = Touch("mouse_3_00004_00002.tif");
        var c1 = Touch("x_00001_00009_chn2.TIF");
        var c2 = Touch("x_00001_00010_chn2.TIF");
        var big = Touch("x_00001_99999.tiff");
        var bigNext = Touch("x_00001_100000.tiff");
        Assert.Equal(a2, FrameFollower.NextScanImageFile(a1));
        Assert.Null(FrameFollower.NextScanImageFile(a2));
        Assert.Equal(c2, FrameFollower.NextScanImageFile(c1));
        Assert.Equal(bigNext, FrameFollower.NextScanImageFile(big));
        Assert.Null(FrameFollower.NextScanImageFile(Touch("area1__00001.tif")));
        Assert.Null(FrameFollower.NextScanImageFile(Touch("plain.tif")));
    }

    [CorpusTheory]
    [MemberData(nameof(CorpusFiles))]
    public void Default_last_frame_test_matches_the_corpus_flags(string name)
    {
        var descriptions = Corpus.Files[name]!["descriptions"];
        if (descriptions?["end_of_acquisition_mode_ifds"] is not { } flagged)
        {
            return; // pre-2016 files have no frame header
        }

        var expected = flagged.AsArray().Select(v => (int)v!).ToHashSet();
        using var reader = ScanImageTiffReader.Open(Corpus.Path(name));
        var actual = Enumerable.Range(0, reader.FrameCount).Where(i => FrameFollower.IsEndOfAcquisition(reader.GetDescriptionBytes(i))).ToHashSet();
        Assert.Equal(expected, actual);
    }

    public static TheoryData<string> CorpusFiles => Corpus.FileNames();

    [CorpusTheory]
    [InlineData("si2021_fastz_vol_1ch_multifile")]
    [InlineData("si2021_fastz_vol_2ch_multifile")]
    public async Task Following_a_finished_multi_file_acquisition_reads_every_file_and_ends_on_its_marker(string group)
    {
        var g = Corpus.Groups[group]!;
        var files = g["files"]!.AsArray().Select(f => Corpus.Path((string)f!)).ToArray();
        var follower = new FrameFollower(files[0], new FollowOptions { PollInterval = Poll, IdleTimeout = Idle, EndGrace = TimeSpan.Zero });
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await foreach (var frame in follower.FollowAsync<short>())
        {
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(frame.Pixels.Span));
        }

        Assert.Equal(FollowEndReason.LastFrame, follower.EndReason);
        Assert.Equal(files, follower.Files);
        Assert.Equal((int)g["total_ifds"]!, follower.FrameCount);
        Assert.Equal((string)g["pixel_sha256"]!, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    /// <summary>
    /// Writes frame 0 now (linked before the follower starts), then frames 1.. <paramref name="frames"/> - 1 on a thread, each
    /// only after the follower released <paramref name="received"/> for the previous one; the last carries the end marker.
    /// </summary>
    private static Task StartLockstepWriter(string path, int frames, SemaphoreSlim received)
    {
        var w = TiffStackWriter.Create(path);
        w.AppendFrame<short>(StreamTestFile.Pixels(0, N), W, H, Header(0, false));
        return StartWriter(() =>
        {
            using var owned = w;
            for (var f = 0; f < frames; f++)
            {
                if (f > 0)
                {
                    w.AppendFrame<short>(StreamTestFile.Pixels(f, N), W, H, Header(f, f == frames - 1));
                }

                if (!received.Wait(TimeSpan.FromSeconds(30)))
                {
                    throw new TimeoutException("the follower did not take frame " + f);
                }
            }
        });
    }

    private static Task StartWriter(Action write)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                write();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        { IsBackground = true, Name = "test TIFF writer" };
        thread.Start();
        return done.Task;
    }
}
