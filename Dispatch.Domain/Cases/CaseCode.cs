using System.Diagnostics.CodeAnalysis;
using Dispatch.Domain.Common;

namespace Dispatch.Domain.Cases;

/// <summary>
/// 一案一码: <c>{center}-{year}-{serial}-{check}</c>, e.g. <c>GZ-2026-000123-K</c>. The check
/// character is ISO 7064 MOD 37,36 over every other character, so any single mistyped
/// character and almost every swap of two neighbours is caught. Serials only ever grow, so a
/// code is never issued twice.
/// </summary>
public sealed record CaseCode
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const int Modulus = 36;

    private CaseCode(string value) => Value = value;

    public string Value { get; }

    public string CenterCode => Value[..Value.IndexOf('-', StringComparison.Ordinal)];

    public int Year => int.Parse(Value.Split('-')[1]);

    public long Serial => long.Parse(Value.Split('-')[2]);

    public static CaseCode Create(string centerCode, int year, long serial)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(centerCode);
        if (year is < 2000 or > 2999)
        {
            throw new DomainException($"案件编码的年份 {year} 不在 2000–2999 之间。");
        }

        if (serial is < 1 or > 999_999)
        {
            throw new DomainException($"案件编码的流水号 {serial} 超出范围（1–999999）。");
        }

        var center = centerCode.Trim().ToUpperInvariant();
        if (center.Length is < 1 or > 8 || !center.All(c => Alphabet.Contains(c, StringComparison.Ordinal)))
        {
            throw new DomainException($"中心代码「{Guard.Quote(centerCode)}」只能由 1–8 位大写字母或数字组成。");
        }

        var body = $"{center}-{year:D4}-{serial:D6}";
        return new CaseCode($"{body}-{CheckCharacter(body)}");
    }

    /// <summary>Parses a typed or scanned code; spaces are ignored and case does not matter.</summary>
    public static CaseCode Parse(string? text) =>
        TryParse(text, out var code, out var error) ? code : throw new DomainException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out CaseCode? code, [NotNullWhen(false)] out string? error)
    {
        code = null;
        var value = new string((text ?? string.Empty).Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        var parts = value.Split('-');
        if (parts.Length != 4
            || parts[0].Length is < 1 or > 8
            || parts[1].Length != 4
            || parts[2].Length != 6
            || parts[3].Length != 1
            || !value.Replace("-", string.Empty, StringComparison.Ordinal).All(c => Alphabet.Contains(c, StringComparison.Ordinal))
            || !parts[1].All(char.IsAsciiDigit)
            || !parts[2].All(char.IsAsciiDigit))
        {
            error = $"「{Guard.Quote(text)}」不是有效的案件编码，格式应为 中心代码-年份-六位流水号-校验位，例如 GZ-2026-000123-K。";
            return false;
        }

        var body = value[..^2];
        if (CheckCharacter(body) != parts[3][0])
        {
            error = $"案件编码「{value}」的校验位不符，可能有字符输错，请核对后重新输入。";
            return false;
        }

        code = new CaseCode(value);
        error = null;
        return true;
    }

    /// <summary>ISO 7064 hybrid system MOD 37,36 over the letters and digits of <paramref name="body"/>.</summary>
    internal static char CheckCharacter(string body)
    {
        var product = Modulus;
        foreach (var c in body)
        {
            if (c == '-')
            {
                continue;
            }

            var sum = (product + Alphabet.IndexOf(c, StringComparison.Ordinal)) % Modulus;
            if (sum == 0)
            {
                sum = Modulus;
            }

            product = sum * 2 % (Modulus + 1);
        }

        return Alphabet[(Modulus + 1 - product) % Modulus];
    }

    public override string ToString() => Value;
}
