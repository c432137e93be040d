namespace ScanImageTiff.Tests.ScanImage;

/// <summary>A fact over the real-file corpus: reported as skipped (with the reason) when the corpus is not there, never silently green.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (Corpus.Folder is null)
        {
            Skip = $"corpus folder not found: no shared/corpus/real/expected.json above {Corpus.SearchedFrom}";
        }
    }
}
