using System.Numerics;

namespace ScanImageTiff.ScanImage;

/// <summary>
/// Exact shortcut for the decimal numbers ScanImage writes (<c>3.715826100</c>, <c>-1</c>, <c>2.5e+09</c>):
/// when the digits form an integer mantissa of at most 2^53 and the decimal exponent is within ±22, both
/// the mantissa and the power of ten are exact doubles, so one IEEE multiplication or division gives the
/// correctly rounded result (Clinger's fast path). <c>double.TryParse</c> costs several times more, which
/// matters at one call per number in every frame header. Anything else returns false and the caller falls
/// back to <c>double.TryParse</c>, so results are always identical to it.
/// </summary>
internal static class DecimalFastPath
{
    private const ulong MaxExactMantissa = 1UL << 53;

    private static readonly double[] s_powersOf10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses <c>[+-]digits[.digits][(e|E)[+-]digits]</c> when the fast path is exact; otherwise returns false.</summary>
    public static bool TryParse<T>(ReadOnlySpan<T> s, out double value)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0)
        {
            var sign = uint.CreateTruncating(s[0]);
            if (sign is '-' or '+')
            {
                negative = sign == '-';
                i = 1;
            }
        }

        ulong mantissa = 0;
        var significant = 0;
        var fractionDigits = 0;
        var anyDigit = false;
        var seenDot = false;
        for (; i < s.Length; i++)
        {
            var c = uint.CreateTruncating(s[i]);
            var digit = c - '0';
            if (digit <= 9)
            {
                anyDigit = true;
                if (mantissa != 0 || digit != 0)
                {
                    // 19 digits always fit in a ulong; longer mantissas go to the slow path.
                    if (++significant > 19)
                    {
                        return false;
                    }

                    mantissa = (mantissa * 10) + digit;
                }

                if (seenDot)
                {
                    fractionDigits++;
                }
            }
            else if (c == '.' && !seenDot)
            {
                seenDot = true;
            }
            else if (c is 'e' or 'E' && anyDigit)
            {
                break;
            }
            else
            {
                return false;
            }
        }

        if (!anyDigit || mantissa > MaxExactMantissa)
        {
            return false;
        }

        var exponent = 0;
        if (i < s.Length)
        {
            // At 'e'/'E': an optional sign and up to three digits.
            i++;
            var exponentNegative = false;
            if (i < s.Length && uint.CreateTruncating(s[i]) is '-' or '+')
            {
                exponentNegative = uint.CreateTruncating(s[i]) == '-';
                i++;
            }

            if (i == s.Length || s.Length - i > 3)
            {
                return false;
            }

            for (; i < s.Length; i++)
            {
                var digit = uint.CreateTruncating(s[i]) - '0';
                if (digit > 9)
                {
                    return false;
                }

                exponent = (exponent * 10) + (int)digit;
            }

            if (exponentNegative)
            {
                exponent = -exponent;
            }
        }

        var scale = exponent - fractionDigits;
        double result = mantissa;
        if (scale < 0)
        {
            if (scale < -22)
            {
                return false;
            }

            result /= s_powersOf10[-scale];
        }
        else if (scale > 0)
        {
            if (scale > 22)
            {
                return false;
            }

            result *= s_powersOf10[scale];
        }

        value = negative ? -result : result;
        return true;
    }
}
