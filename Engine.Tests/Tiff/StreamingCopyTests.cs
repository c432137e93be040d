using ScanImageTiff.Memory;

namespace ScanImageTiff.Tests.Tiff;

/// <summary>The streaming-store copy gives the same bytes as an ordinary copy for every alignment and length.</summary>
public sealed class StreamingCopyTests
{
    [Fact]
    public void Copies_every_length_and_alignment_exactly_and_leaves_the_bytes_around_alone()
    {
        var source = new byte[5000];
        new Random(7).NextBytes(source);
        var destination = new byte[5200];
        int[] lengths = [0, 1, 31, 127, 511, 512, 513, 640, 1000, 4096, 4999];
        foreach (var length in lengths)
        {
            for (var from = 0; from < 33; from += 5)
            {
                for (var to = 0; to < 40; to++)
                {
                    if (from + length > source.Length)
                    {
                        continue;
                    }

                    Array.Fill(destination, (byte)0xA5);
                    StreamingCopy.Copy(source.AsSpan(from, length), destination.AsSpan(to, length));
                    StreamingCopy.Fence();
                    Assert.True(destination.AsSpan(to, length).SequenceEqual(source.AsSpan(from, length)), $"length {length}, from {from}, to {to}");
                    Assert.All(destination[..to], b => Assert.Equal(0xA5, b));
                    Assert.All(destination[(to + length)..], b => Assert.Equal(0xA5, b));
                }
            }
        }
    }

    [Fact]
    public void A_short_destination_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => StreamingCopy.Copy(new byte[4096], new byte[4095]));
    }
}
