namespace ScanImageTiff.Cli.Input;

/// <summary>
/// The files named on the command line, opened and concatenated in the order given: global IFD
/// index k runs over the first file's IFDs, then the second's, and so on.
/// </summary>
internal sealed class FileSet : IDisposable
{
    private readonly ScanImageTiffReader[] _readers;
    private int[] _starts;
    private ScanImageTiff.ScanImage.ScanImageAcquisition? _acquisition;

    private FileSet(ScanImageTiffReader[] readers)
    {
        _readers = readers;
        _starts = ComputeStarts(readers);
    }

    /// <summary>
    /// The files seen as one ScanImage acquisition (metadata, structure, ROIs), built on first use and
    /// again after <see cref="Refresh"/>. Throws <see cref="CliFileException"/> when the files' metadata disagree.
    /// </summary>
    public ScanImageTiff.ScanImage.ScanImageAcquisition Acquisition
    {
        get
        {
            try
            {
                return _acquisition ??= ScanImageTiff.ScanImage.ScanImageAcquisition.Create(_readers, ownsFiles: false);
            }
            catch (InvalidDataException e)
            {
                throw new CliFileException(e.Message);
            }
        }
    }

    /// <summary>Number of files.</summary>
    public int Count => _readers.Length;

    /// <summary>IFDs over all files.</summary>
    public int FrameCount => _starts[^1];

    public IReadOnlyList<ScanImageTiffReader> Readers => _readers;

    /// <summary>
    /// Opens every file. A file whose tail is damaged is refused (<see cref="CliFileException"/>) unless
    /// <paramref name="salvage"/> is set, in which case its intact frames are used and a warning is printed.
    /// A file with no IFD at all (first-IFD pointer 0) is refused unless <paramref name="allowEmpty"/> (a live
    /// file whose writer has not linked its first frame yet).
    /// </summary>
    public static FileSet Open(IReadOnlyList<string> paths, bool salvage, CliContext context, bool allowEmpty = false)
    {
        if (paths.Count == 0)
        {
            throw new CliUsageException("no input file given");
        }

        var readers = new List<ScanImageTiffReader>(paths.Count);
        try
        {
            foreach (var path in paths)
            {
                if (!File.Exists(path))
                {
                    throw new CliFileException(Directory.Exists(path) ? $"{path}: is a directory, not a file" : $"{path}: file not found");
                }

                var reader = ScanImageTiffReader.Open(path);
                readers.Add(reader);
                if (!allowEmpty && reader.FrameCount == 0 && reader.Damage is null)
                {
                    // TIFF requires at least one IFD; treating "none" as an empty stack would hide a broken file.
                    throw new CliFileException($"{path}: the file holds no image: its first-IFD pointer (at byte offset {reader.FirstIfdPointerOffset}) is 0");
                }
                if (reader.Damage is { } damage)
                {
                    if (!salvage)
                    {
                        throw new CliFileException(
                            $"{path}: damaged file: {damage}; {reader.FrameCount} intact frame(s) before it (use --salvage to read them)");
                    }

                    context.Warn($"{path}: damaged file: {damage}; using the {reader.FrameCount} intact frame(s) before it");
                }
            }

            return new FileSet([.. readers]);
        }
        catch
        {
            foreach (var r in readers)
            {
                r.Dispose();
            }

            throw;
        }
    }

    /// <summary>The first global IFD index of file <paramref name="file"/>.</summary>
    public int StartOf(int file) => _starts[file];

    /// <summary>The file and the file-local IFD index of global IFD <paramref name="ifd"/>.</summary>
    public (int File, int Frame) Locate(int ifd)
    {
        if ((uint)ifd >= (uint)FrameCount)
        {
            throw new ArgumentOutOfRangeException(nameof(ifd), ifd, $"the files hold {FrameCount} IFDs");
        }

        // Starts are sorted; the file is the last one whose start is <= ifd (empty files are skipped over).
        var i = Array.BinarySearch(_starts, 0, _readers.Length, ifd);
        if (i < 0)
        {
            i = ~i - 1;
        }
        else
        {
            while (i + 1 < _readers.Length && _starts[i + 1] == ifd)
            {
                i++;
            }
        }

        return (i, ifd - _starts[i]);
    }

    /// <summary>Frame info of global IFD <paramref name="ifd"/>.</summary>
    public FrameInfo GetFrameInfo(int ifd)
    {
        var (file, frame) = Locate(ifd);
        return _readers[file].GetFrameInfo(frame);
    }

    /// <summary>Indexes frames appended to the files since open (a file still being written); returns <see cref="FrameCount"/>.</summary>
    public int Refresh()
    {
        foreach (var r in _readers)
        {
            r.Refresh();
        }

        _starts = ComputeStarts(_readers);
        _acquisition = null;
        return FrameCount;
    }

    public void Dispose()
    {
        foreach (var r in _readers)
        {
            r.Dispose();
        }
    }

    private static int[] ComputeStarts(ScanImageTiffReader[] readers)
    {
        var starts = new int[readers.Length + 1];
        long total = 0;
        for (var i = 0; i < readers.Length; i++)
        {
            starts[i] = (int)total;
            total += readers[i].FrameCount;
            if (total > int.MaxValue)
            {
                throw new CliUsageException($"the files hold more than {int.MaxValue} IFDs together; give fewer files");
            }
        }

        starts[^1] = (int)total;
        return starts;
    }
}
