namespace Dispatch.Domain.Messaging;

/// <summary>A mainland China mobile number (11 digits starting 13–19), the only kind an SMS reaches.</summary>
public static class MobileNumber
{
    /// <summary>
    /// The number as 11 digits, spaces and dashes dropped and a +86 / 0086 prefix removed; null
    /// when it is not a mainland mobile (a landline such as 0936-8210100, a foreign number, blank).
    /// </summary>
    public static string? Normalize(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        var digits = new string([.. phone.Where(c => c is not (' ' or '-' or '(' or ')'))]);
        if (digits.StartsWith("+86", StringComparison.Ordinal))
        {
            digits = digits[3..];
        }
        else if (digits.StartsWith("0086", StringComparison.Ordinal))
        {
            digits = digits[4..];
        }

        return digits.Length == 11 && digits[0] == '1' && digits[1] is >= '3' and <= '9' && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>138****5678: what pages and logs show of a number.</summary>
    public static string Masked(string phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        return phone.Length == 11 ? $"{phone[..3]}****{phone[7..]}" : phone;
    }
}
