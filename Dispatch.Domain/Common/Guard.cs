using System.Text;

namespace Dispatch.Domain.Common;

/// <summary>The shared field checks, with the messages a clerk reads; also used to check forms field by field.</summary>
public static class Guard
{
    /// <summary>How much of a bad value a message repeats back: enough to find it, never a flood.</summary>
    public const int QuoteLength = 24;

    public static string Required(string? value, string what, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DomainException($"请填写{what}。");
        }

        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            throw new DomainException($"{what}不能超过 {maxLength} 个字（现为 {trimmed.Length} 个）。");
        }

        if (HasForbiddenCharacters(trimmed))
        {
            throw new DomainException($"{what}含有不可见的控制字符或残缺的字符，请删除后重新填写（换行和制表符可以保留）。");
        }

        return trimmed;
    }

    public static string? Optional(string? value, string what, int maxLength = 2000)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Required(value, what, maxLength);
    }

    public static DateTimeOffset Utc(DateTimeOffset value) => value.ToUniversalTime();

    /// <summary>
    /// Control characters other than tab and line breaks, and halves of a character (unpaired
    /// surrogates): they cannot be shown, printed or exported, and only ever arrive by mistake or malice.
    /// </summary>
    public static bool HasForbiddenCharacters(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c) || (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) || c is '\uFFFE' or '\uFFFF')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A value as a message may repeat it: at most <see cref="QuoteLength"/> characters, control characters shown as �.</summary>
    public static string Quote(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var head = value.Length > QuoteLength ? value[..QuoteLength] : value;
        var text = new StringBuilder(head.Length + 1);
        foreach (var c in head)
        {
            text.Append(char.IsControl(c) || char.IsSurrogate(c) ? '\uFFFD' : c);
        }

        return value.Length > QuoteLength ? text.Append('…').ToString() : text.ToString();
    }
}
