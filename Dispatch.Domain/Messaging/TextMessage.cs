using Dispatch.Domain.Common;

namespace Dispatch.Domain.Messaging;

/// <summary>Why a text (短信) is sent.</summary>
public enum TextPurpose
{
    /// <summary>A department is summoned (吹哨): its on-duty staff, else its staff and head.</summary>
    Summons = 1,

    /// <summary>提醒: an escalation step reminds the on-duty staff.</summary>
    Reminder = 2,

    /// <summary>催办: an escalation step urges the department head.</summary>
    Urge = 3,

    /// <summary>Nobody was on duty when the whistle summoned the department.</summary>
    NobodyPresent = 4,

    /// <summary>每日信访通报 to department heads and township directors.</summary>
    Bulletin = 5,

    /// <summary>The answer to a reply the person sent (a help text, a confirmation).</summary>
    Reply = 6,
}

public enum TextState
{
    /// <summary>待发送: planned, waiting for its delivery job (or for the phone's rate limit).</summary>
    Queued = 1,

    /// <summary>发送中: one delivery job holds it.</summary>
    Sending = 2,

    /// <summary>已发送: the provider accepted it.</summary>
    Sent = 3,

    /// <summary>已送达: the provider's receipt says the phone has it.</summary>
    Delivered = 4,

    /// <summary>失败: refused by the provider or undeliverable, with the reason kept.</summary>
    Failed = 5,

    /// <summary>未发送: the person should have had it but has no mobile number on file (named, so someone adds one).</summary>
    Skipped = 6,
}

public enum TextAction
{
    Claim = 1,
    Accept = 2,
    Defer = 3,
    Reject = 4,
    ConfirmDelivery = 5,
    ReportFailure = 6,
    Postpone = 7,
}

/// <summary>Who a text goes to: a staff member (or a department head, who has no account) and a checked mainland mobile.</summary>
public sealed record TextRecipient(Guid? StaffId, string Name, string Phone)
{
    /// <summary>What makes "the same person" for the never-twice rule: the account, or else the number.</summary>
    public string Identity => StaffId?.ToString("N") ?? Phone;
}

/// <summary>A text was sent, delivered, failed or skipped: the console shows each summons' texts as they stand.</summary>
public sealed record TextStatusChanged(Guid TextId, Guid? WhistleId, Guid? SummonsId, TextState State, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>Someone who should have had a text but cannot: no mainland mobile on file.</summary>
public sealed record SkippedRecipient(Guid? StaffId, string Name, string? Phone, string Reason)
{
    public string Identity => StaffId?.ToString("N") ?? Name;
}

/// <summary>The summons, step and department a text is about, when it is about one.</summary>
public sealed record TextSubject(Guid? WhistleId, Guid? SummonsId, Guid? DepartmentId, string? DepartmentName);

/// <summary>
/// One text to one phone. Its <see cref="Key"/> (purpose, what it is about, the step, the person)
/// is unique in the store, so planning it twice plans it once; a delivery job must
/// <see cref="Claim"/> it before sending, so two runs of the same job send it once.
/// </summary>
public sealed class TextMessage : AggregateRoot
{
    public const int MaxTextLength = 500;

    private static readonly TransitionTable<TextState, TextAction> Transitions =
        new TransitionTable<TextState, TextAction>("短信", Labels.Of, Labels.Of)
            .Allow(TextState.Queued, TextAction.Claim, TextState.Sending)
            .Allow(TextState.Queued, TextAction.Postpone, TextState.Queued)
            .Allow(TextState.Sending, TextAction.Claim, TextState.Sending)
            .Allow(TextState.Sending, TextAction.Accept, TextState.Sent)
            .Allow(TextState.Sending, TextAction.Defer, TextState.Queued)
            .Allow(TextState.Sending, TextAction.Reject, TextState.Failed)
            .Allow(TextState.Sent, TextAction.ConfirmDelivery, TextState.Delivered)
            .Allow(TextState.Sent, TextAction.ReportFailure, TextState.Failed);

    private TextMessage()
    {
        Key = string.Empty;
        RecipientName = string.Empty;
        Phone = string.Empty;
        Text = string.Empty;
    }

    public string Key { get; private set; }

    public TextPurpose Purpose { get; private set; }

    public Guid? WhistleId { get; private set; }

    public Guid? SummonsId { get; private set; }

    public Guid? DepartmentId { get; private set; }

    public string? DepartmentName { get; private set; }

    public Guid? RecipientStaffId { get; private set; }

    public string RecipientName { get; private set; }

    public string Phone { get; private set; }

    public string Text { get; private set; }

    public TextState State { get; private set; }

    /// <summary>Delivery attempts so far (claims).</summary>
    public int Attempts { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Until when the job that claimed it may send it; after that another run may take over.</summary>
    public DateTimeOffset? ClaimedUntil { get; private set; }

    /// <summary>Not before this time (the phone's rate limit, a provider's temporary failure).</summary>
    public DateTimeOffset NotBefore { get; private set; }

    public string? Provider { get; private set; }

    public string? ProviderMessageId { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public DateTimeOffset? FailedAt { get; private set; }

    /// <summary>Why it failed, or why the last attempt was put off.</summary>
    public string? LastError { get; private set; }

    /// <summary>The key that makes a text unique: the same purpose, subject, step and person is one text.</summary>
    public static string KeyFor(TextPurpose purpose, string subject, TextRecipient recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return $"{purpose}:{subject}:{recipient.Identity}";
    }

    /// <summary>The key of the 「未发送」 line of someone without a mobile: the same shape, so planning again finds it taken.</summary>
    public static string KeyFor(TextPurpose purpose, string subject, SkippedRecipient person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return $"{purpose}:{subject}:{person.Identity}";
    }

    public static TextMessage Plan(Guid id, TextPurpose purpose, string subjectKey, TextSubject? subject, TextRecipient recipient, string text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var phone = MobileNumber.Normalize(recipient.Phone) ?? throw new DomainException($"「{recipient.Name}」的电话 {recipient.Phone} 不是有效的手机号码，无法发送短信。");
        return New(id, purpose, KeyFor(purpose, Guard.Required(subjectKey, "短信事由", 200), recipient with { Phone = phone }), subject,
            recipient.StaffId, recipient.Name, phone, Guard.Required(text, "短信内容", MaxTextLength), TextState.Queued, null, now);
    }

    /// <summary>A person who should have had the text but has no mobile on file: kept, so the console names them.</summary>
    public static TextMessage Skip(Guid id, TextPurpose purpose, string subjectKey, TextSubject? subject, SkippedRecipient person, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(person);
        var skipped = New(id, purpose, KeyFor(purpose, Guard.Required(subjectKey, "短信事由", 200), person), subject,
            person.StaffId, person.Name, person.Phone ?? string.Empty, string.Empty, TextState.Skipped, person.Reason, now);
        skipped.Changed(now);
        return skipped;
    }

    private static TextMessage New(Guid id, TextPurpose purpose, string key, TextSubject? subject, Guid? staffId, string name, string phone, string text, TextState state, string? error, DateTimeOffset now) => new()
    {
        Id = id,
        Key = key,
        Purpose = purpose,
        WhistleId = subject?.WhistleId,
        SummonsId = subject?.SummonsId,
        DepartmentId = subject?.DepartmentId,
        DepartmentName = subject?.DepartmentName,
        RecipientStaffId = staffId,
        RecipientName = Guard.Required(name, "收信人", 60),
        Phone = phone,
        Text = text,
        State = state,
        CreatedAt = Guard.Utc(now),
        NotBefore = Guard.Utc(now),
        LastError = error,
    };

    /// <summary>Waiting longer (the phone had its share of texts in the window): not before <paramref name="until"/>.</summary>
    public void Postpone(string reason, DateTimeOffset until)
    {
        State = Transitions.Next(State, TextAction.Postpone);
        LastError = Truncate(reason);
        NotBefore = Guard.Utc(until);
    }

    /// <summary>Whether a delivery run may take it now: waiting and due, or held by a run whose time ran out.</summary>
    public bool IsClaimable(DateTimeOffset now) =>
        (State == TextState.Queued && NotBefore <= now) || (State == TextState.Sending && ClaimedUntil < now);

    /// <summary>A delivery run takes the text for <paramref name="lease"/>; only the run that claimed it sends it.</summary>
    public void Claim(TimeSpan lease, DateTimeOffset now)
    {
        if (State == TextState.Sending && ClaimedUntil >= now)
        {
            throw new DomainException($"短信正由另一发送任务处理（至 {Labels.Time(ClaimedUntil!.Value)}）。");
        }

        if (State == TextState.Queued && NotBefore > now)
        {
            throw new DomainException($"短信须在 {Labels.Time(NotBefore)} 之后发送。");
        }

        State = Transitions.Next(State, TextAction.Claim);
        Attempts++;
        ClaimedUntil = Guard.Utc(now + lease);
    }

    /// <summary>The provider took it (2xx).</summary>
    public void Accept(string provider, string? providerMessageId, DateTimeOffset now)
    {
        State = Transitions.Next(State, TextAction.Accept);
        Provider = Guard.Required(provider, "短信通道", 20);
        ProviderMessageId = Guard.Optional(providerMessageId, "短信通道编号", 100);
        SentAt = Guard.Utc(now);
        ClaimedUntil = null;
        LastError = null;
        Changed(now);
    }

    private void Changed(DateTimeOffset now) => Raise(new TextStatusChanged(Id, WhistleId, SummonsId, State, now));

    /// <summary>Not now (a temporary failure, the rate limit): back to waiting until <paramref name="retryAt"/>.</summary>
    public void Defer(string reason, DateTimeOffset retryAt, DateTimeOffset now)
    {
        State = Transitions.Next(State, TextAction.Defer);
        LastError = Truncate(reason);
        NotBefore = Guard.Utc(retryAt < now ? now : retryAt);
        ClaimedUntil = null;
    }

    /// <summary>A final failure (the provider refused it, 4xx; or the retries ran out): the reason is kept.</summary>
    public void Reject(string reason, DateTimeOffset now)
    {
        State = Transitions.Next(State, TextAction.Reject);
        LastError = Truncate(reason);
        FailedAt = Guard.Utc(now);
        ClaimedUntil = null;
        Changed(now);
    }

    /// <summary>
    /// A delivery receipt. Providers repeat receipts: the same outcome again changes nothing and
    /// returns false; a receipt for a text not yet sent or already settled otherwise is refused.
    /// </summary>
    public bool Receipt(bool delivered, string? reason, DateTimeOffset now)
    {
        if ((delivered && State == TextState.Delivered) || (!delivered && State == TextState.Failed))
        {
            return false;
        }

        State = Transitions.Next(State, delivered ? TextAction.ConfirmDelivery : TextAction.ReportFailure);
        if (delivered)
        {
            DeliveredAt = Guard.Utc(now);
        }
        else
        {
            FailedAt = Guard.Utc(now);
            LastError = Truncate(string.IsNullOrWhiteSpace(reason) ? "短信通道回执：未送达" : reason);
        }

        Changed(now);
        return true;
    }

    private static string Truncate(string reason) => reason.Length <= 500 ? reason : reason[..500];
}
