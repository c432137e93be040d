using System.Globalization;
using System.Text;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Tests.ScanImage;

public class DecimalFastPathTests
{
    [Theory]
    [InlineData("0.000000000", 0.0)]
    [InlineData("3.715826100", 3.7158261)]
    [InlineData("-0.000064550", -6.455e-05)]
    [InlineData("-1.000000000", -1.0)]
    [InlineData("6.31623e-05", 6.31623e-05)]
    [InlineData("2.5e+09", 2.5e9)]
    [InlineData("1E3", 1000.0)]
    [InlineData("+.5", 0.5)]
    [InlineData("7.", 7.0)]
    [InlineData("9007199254740992", 9007199254740992.0)]
    public void Parses_what_ScanImage_writes(string text, double expected)
    {
        Assert.True(DecimalFastPath.TryParse(text.AsSpan(), out var fromChars));
        Assert.True(DecimalFastPath.TryParse<byte>(Encoding.ASCII.GetBytes(text), out var fromBytes));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(fromChars));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(fromBytes));
    }

    /// <summary>Inputs where one rounding step would not be exact, or the syntax is not a plain decimal: left to double.TryParse.</summary>
    [Theory]
    [InlineData("9007199254740993")]
    [InlineData("12345678901234567890")]
    [InlineData("1e23")]
    [InlineData("1e-23")]
    [InlineData("0.00000000000000000000001")]
    [InlineData("1e1000")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("e5")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("1.2.3")]
    [InlineData("--1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("Inf")]
    [InlineData("0x10")]
    public void Declines_what_it_cannot_do_exactly(string text)
        => Assert.False(DecimalFastPath.TryParse(text.AsSpan(), out _));

    [Fact]
    public void Agrees_bit_for_bit_with_double_Parse_on_random_decimals()
    {
        var random = new Random(20240607);
        var accepted = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var sb = new StringBuilder();
            if (random.Next(3) == 0)
            {
                sb.Append(random.Next(2) == 0 ? '-' : '+');
            }

            var digits = random.Next(1, 19);
            for (var d = 0; d < digits; d++)
            {
                sb.Append((char)('0' + random.Next(10)));
            }
            if (random.Next(2) == 0)
            {
                sb.Insert(random.Next(sb.Length + 1), '.');
            }

            if (random.Next(4) == 0)
            {
                sb.Append(random.Next(2) == 0 ? 'e' : 'E').Append(random.Next(-30, 31).ToString(CultureInfo.InvariantCulture));
            }

            var text = sb.ToString();
            var expectedOk = double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var expected);
            if (DecimalFastPath.TryParse(text.AsSpan(), out var actual))
            {
                accepted++;
                Assert.True(expectedOk, text);
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"{text}: {expected:R} vs {actual:R}");
            }
        }

        Assert.True(accepted > 150_000, $"fast path taken only {accepted} times");
    }
}
