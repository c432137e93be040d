namespace ScanImageTiff.Tests.ScanImage;

/// <summary>A theory over the real-file corpus (one row per file): skipped with the reason when the corpus is not there.</summary>
public sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute()
    {
        if (Corpus.Folder is null)
        {
            Skip = $"corpus folder not found: no shared/corpus/real/expected.json above {Corpus.SearchedFrom}";
        }
    }
}
