namespace ScanImageTiff.Tiff;

/// <summary>How the first walk of a file's IFD chain may run (an internal switch: tests and the fuzzer force each way).</summary>
internal enum IndexWalk
{
    /// <summary>In parallel for large regular stacks on a machine with several cores (<see cref="IfdSpeculation"/>), else serially.</summary>
    Auto,

    /// <summary>One IFD after the other, on the calling thread.</summary>
    Serial,

    /// <summary>In parallel whenever the first three IFDs give a forward spacing, with four walkers whatever the core count.</summary>
    Parallel,
}
