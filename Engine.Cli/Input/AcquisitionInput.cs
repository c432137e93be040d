using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Cli.Input;

/// <summary>
/// Opens the files named on the command line through the engine (<see cref="ScanImageAcquisition"/>), with the
/// CLI's policy on top: missing files and directories are named, a damaged tail is refused unless
/// <c>--salvage</c>, a file without any IFD is refused, <c>--siblings</c> adds the acquisition's other files,
/// and files of one acquisition given out of order are put in acquisition order.
/// </summary>
internal static class AcquisitionInput
{
    /// <summary>The files, with siblings when asked, in acquisition order.</summary>
    public static IReadOnlyList<string> Expand(IReadOnlyList<string> paths, bool siblings)
    {
        if (paths.Count == 0)
        {
            throw new CliUsageException("no input file given");
        }

        foreach (var path in paths)
        {
            RequireFile(path);
        }

        if (!siblings)
        {
            return ScanImageAcquisition.InAcquisitionOrder(paths);
        }

        var all = new List<string>();
        foreach (var path in paths)
        {
            foreach (var sibling in ScanImageAcquisition.FindSiblings(path))
            {
                if (!all.Exists(p => string.Equals(Path.GetFullPath(p), Path.GetFullPath(sibling), StringComparison.Ordinal)))
                {
                    all.Add(sibling);
                }
            }
        }

        return ScanImageAcquisition.InAcquisitionOrder(all);
    }

    /// <summary>
    /// Reads with pread instead of a mapping: every command but <c>stream</c> touches each byte once (info, map,
    /// image shape and metadata read the IFDs and a description or two; checksums, exports and conversions read the
    /// pixels in order), and a system call per read is cheaper than a fresh mapping's page faults and TLB misses on
    /// pages a writer left in 4 KiB folios. A raw export of a warm 0.5 GB stack: 312 ms with pread against 568 ms
    /// through the mapping (<c>cat</c> 290 ms); <c>map</c> of 100 000 IFDs 213 against 580 ms. <c>stream</c> and the
    /// XXH3 checksum decide per file (<see cref="Streamed"/>, <see cref="Hashed"/>). <c>info</c> through
    /// <see cref="ReadBackend.Auto"/> was measured too: with every folio of the 100 000-IFD stack 2 MiB, 52 against 43 ms;
    /// with one 2 MiB window in nine in 4 KiB folios (which the probe then, at three places, did not see), 50 against
    /// 67 ms. pread costs the same in every state.
    /// </summary>
    public static ReaderOptions ReadOnce { get; } = new() { Backend = ReadBackend.RandomAccess };

    /// <summary>
    /// For <c>stream</c>: the mapping (zero-copy frames) when the page cache holds the file in 2 MiB folios, which a
    /// mapping reads at memory speed, else pread (<see cref="ReadBackend.Auto"/>). Streaming the 0.5 GB stack: 68 ms
    /// mapped against 143 ms with pread in 2 MiB folios; 351 against 132 ms in the 4 KiB folios `cp` leaves; 567
    /// against 245 ms cold. With pread a ScanImage frame's description comes with its pixels in one read.
    /// </summary>
    public static ReaderOptions Streamed { get; } = new() { Backend = ReadBackend.Auto };

    /// <summary>
    /// For <c>data --checksum xxh3</c> alone: the mapping when the page cache holds the file in 2 MiB folios, else pread
    /// (<see cref="ReadBackend.Auto"/>). In that state the parallel XXH3 sums mapped frames in place (asking 4 KiB ahead)
    /// and the walk touches only the IFDs' pages, where pread copies the file twice (walk, then pixels). Same hyperfine
    /// run, 2026-12-05: the 100 000-IFD stack 122.5 ms with pread against 103.7 ms mapped (a C sum through a fresh
    /// mapping 69.4 ms); the 0.5 GB stack 54.5 against 56.6 ms. In smaller folios, where a mapping pays a fault per
    /// 64 KiB, and for a file not cached, it is pread as before.
    /// </summary>
    public static ReaderOptions Hashed { get; } = new() { Backend = ReadBackend.Auto };

    /// <summary>
    /// Opens the files as one acquisition, read as <paramref name="options"/> say (default <see cref="ReadOnce"/>);
    /// <see cref="CliFileException"/> when their ScanImage metadata disagree.
    /// </summary>
    public static ScanImageAcquisition Open(IReadOnlyList<string> paths, bool salvage, CliContext context, ReaderOptions? options = null)
    {
        ScanImageAcquisition acquisition;
        try
        {
            acquisition = ScanImageAcquisition.Open(paths, options ?? ReadOnce);
        }
        catch (InvalidDataException e)
        {
            throw new CliFileException(e.Message);
        }

        try
        {
            foreach (var reader in acquisition.Files)
            {
                Check(reader, salvage, context);
            }

            return acquisition;
        }
        catch
        {
            acquisition.Dispose();
            throw;
        }
    }

    /// <summary>One file on its own (commands that read a single file), read with pread (<see cref="ReadOnce"/>).</summary>
    public static ScanImageAcquisition OpenOne(string path, bool salvage, CliContext context) =>
        Open(Expand([path], siblings: false), salvage, context);

    /// <summary>
    /// Refuses a damaged file unless <paramref name="salvage"/> (then warns), and a file without any IFD: TIFF
    /// requires one, and treating "none" as an empty stack would hide a broken file.
    /// </summary>
    public static void Check(ScanImageTiffReader reader, bool salvage, CliContext context)
    {
        var path = reader.FilePath;
        if (reader.FrameCount == 0 && reader.Damage is null)
        {
            throw new CliFileException($"{path}: the file holds no image: its first-IFD pointer (at byte offset {(reader.IsBigTiff ? 8 : 4)}) is 0");
        }

        if (reader.Damage is { } damage)
        {
            if (!salvage)
            {
                throw new CliFileException($"{path}: damaged file: {damage}; {reader.FrameCount} intact frame(s) before it (use --salvage to read them)");
            }

            context.Warn($"{path}: damaged file: {damage}; using the {reader.FrameCount} intact frame(s) before it");
        }
    }

    private static void RequireFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliFileException(Directory.Exists(path) ? $"{path}: is a directory, not a file" : $"{path}: file not found");
        }
    }
}
