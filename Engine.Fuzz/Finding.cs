namespace ScanImageTiff.Fuzz;

/// <summary>Why an input failed an oracle: <paramref name="Kind"/> groups findings (exception type and API, or the oracle), <paramref name="Detail"/> says more.</summary>
public sealed record Finding(string Kind, string Detail);
