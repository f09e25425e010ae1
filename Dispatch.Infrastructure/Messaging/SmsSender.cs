using Dispatch.Domain.Messaging;

namespace Dispatch.Infrastructure.Messaging;

/// <summary>A text as a provider sends it: our id (the provider's idempotency key where it has one), the number, the words.</summary>
public sealed record OutgoingText(Guid Id, string Phone, string Text, TextPurpose Purpose);

public enum SmsOutcome
{
    /// <summary>The provider took it.</summary>
    Accepted,

    /// <summary>The provider refused it for good (4xx, a bad number, a template not approved): not tried again.</summary>
    Refused,

    /// <summary>Not now (5xx, a time-out, the network): tried again later.</summary>
    Unavailable,
}

public sealed record SmsResult(SmsOutcome Outcome, string? ProviderMessageId, string? Reason)
{
    public static SmsResult Accepted(string? id) => new(SmsOutcome.Accepted, id, null);

    public static SmsResult Refused(string reason) => new(SmsOutcome.Refused, null, reason);

    public static SmsResult Unavailable(string reason) => new(SmsOutcome.Unavailable, null, reason);
}

/// <summary>The port in front of the SMS providers (<c>Sms:Provider</c>).</summary>
public interface ISmsSender
{
    /// <summary>The provider's name as stored with each text (Log, Http, Aliyun).</summary>
    string Name { get; }

    Task<SmsResult> SendAsync(OutgoingText text, CancellationToken cancellationToken);
}
