using System.Globalization;
using ScanImageTiff.Memory;
using ScanImageTiff.Tests.Support;
using ScanImageTiff.Tests.Tiff;

namespace ScanImageTiff.Tests.Reading;

/// <summary>
/// The pread backend asks the kernel for the bytes ahead of its reads only where the device's own read-ahead window is
/// under 4 MiB. The window is the backing device's <c>read_ahead_kb</c>; the oracle finds that device another way, from
/// the mount that holds the file in <c>/proc/self/mountinfo</c> (its third field is the device's MAJOR:MINOR).
/// </summary>
public sealed class KernelReadAheadTests
{
    [Fact]
    public void The_window_is_the_read_ahead_of_the_device_that_holds_the_file()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var file = new TempFile(new byte[8192], PageCacheEviction.DiskDirectory);
        using var handle = File.OpenHandle(file.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var expected = ReadAheadOfMountHolding(file.Path);
        Assert.Equal(expected, FileAdvice.KernelReadAheadBytes(handle));

        using var source = (RandomAccessFileSource)FileSource.Open(file.Path, ReadBackend.RandomAccess);
        Assert.Equal(expected < 4 << 20, source.AdvisesAhead);
    }

    [Fact]
    public void A_file_on_a_tmpfs_has_no_device_window_and_reads_ask_ahead()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/dev/shm"))
        {
            return;
        }

        var path = Path.Combine("/dev/shm", $"sitiff-ra-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, new byte[8192]);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Assert.Equal(ReadAheadOfMountHolding(path), FileAdvice.KernelReadAheadBytes(handle));
            using var source = (RandomAccessFileSource)FileSource.Open(path, ReadBackend.RandomAccess);
            Assert.Equal(ReadAheadOfMountHolding(path) < 4 << 20, source.AdvisesAhead);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>read_ahead_kb (in bytes) of the device of the mount whose mount point is the longest prefix of the path; -1 when it has none.</summary>
    private static long ReadAheadOfMountHolding(string path)
    {
        var full = Path.GetFullPath(path);
        string? device = null;
        var longest = -1;
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            var mountPoint = fields[4].Replace("\\040", " ", StringComparison.Ordinal);
            var inside = mountPoint == "/" || full == mountPoint || full.StartsWith(mountPoint + "/", StringComparison.Ordinal);
            if (inside && mountPoint.Length >= longest)
            {
                longest = mountPoint.Length;
                device = fields[2];
            }
        }

        var file = $"/sys/class/bdi/{device}/read_ahead_kb";
        return device is not null && File.Exists(file) ? long.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture) * 1024 : -1;
    }
}
