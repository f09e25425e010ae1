namespace Dispatch.Domain.Common;

/// <summary>The shared field checks, with the messages a clerk reads; also used to check forms field by field.</summary>
public static class Guard
{
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
}
