using Dispatch.Domain.Common;
using Dispatch.Domain.Messaging;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Whistles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dispatch.Infrastructure.Messaging;

public enum ReplyOutcome
{
    /// <summary>「1」 or 「报到」: the summons most recently texted to the phone, still waiting, is acknowledged.</summary>
    Acknowledged,

    /// <summary>The phone had texts, but nothing it may acknowledge now, or it sent something else: a help text goes back.</summary>
    Help,

    /// <summary>No text was ever sent to this phone: nothing is done and nothing sent back.</summary>
    UnknownPhone,
}

public sealed record ReplyResult(ReplyOutcome Outcome, string? Answer, string? CaseCode);

/// <summary>What a phone link opens: its summons as it stands now, for the person the text went to.</summary>
public sealed record PhoneLinkView(PhoneLink Link, Whistle Whistle, Summons Summons, string CaseCode, string CaseTitle, string? Place)
{
    /// <summary>A link serves while its summons is open (not yet reported, declined or closed with its whistle).</summary>
    public bool IsOpen => Whistle.IsOpen && Summons.IsInProgress;
}

/// <summary>
/// What comes back from phones: delivery receipts, replies to texts (「1」 acknowledges), and the
/// phone links' actions, each acting as the person the text went to on that one summons only.
/// </summary>
public sealed class TextInbox(
    UnitOfWork unitOfWork,
    IDbContextFactory<DispatchDbContext> factory,
    WhistleCommands whistles,
    ITextDispatch dispatch,
    TimeProvider clock,
    ILogger<TextInbox> logger)
{
    /// <summary>A receipt for <paramref name="messageId"/> (the provider's id, or ours); false when no such text, null when it changed nothing (a repeat).</summary>
    public async Task<bool?> ReceiptAsync(string messageId, bool delivered, string? reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        return await unitOfWork.ExecuteAsync(async db =>
        {
            var ours = Guid.TryParse(messageId, out var id) ? id : Guid.Empty;
            var text = await db.TextMessages.FirstOrDefaultAsync(t => t.ProviderMessageId == messageId || t.Id == ours, cancellationToken);
            if (text is null)
            {
                return false;
            }

            return text.Receipt(delivered, reason, clock.GetUtcNow()) ? true : (bool?)null;
        }, cancellationToken);
    }

    /// <summary>A reply from <paramref name="from"/>: 「1」 or 「报到」 acknowledges; anything else gets the help text.</summary>
    public async Task<ReplyResult> ReplyAsync(string from, string text, CancellationToken cancellationToken)
    {
        var phone = MobileNumber.Normalize(from);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var links = phone is null ? [] : await db.PhoneLinks.AsNoTracking().Where(l => l.Phone == phone)
            .OrderByDescending(l => l.CreatedAt).Take(50).ToListAsync(cancellationToken);
        if (links.Count == 0)
        {
            logger.LogInformation("A reply from a phone never texted ({Phone}) was ignored", phone is null ? "not a mobile" : MobileNumber.Masked(phone));
            return new ReplyResult(ReplyOutcome.UnknownPhone, null, null);
        }

        if (!TextRules.IsAcknowledgement(text))
        {
            await AnswerAsync(db, phone!, links[0], TextTemplates.Help, cancellationToken);
            return new ReplyResult(ReplyOutcome.Help, TextTemplates.Help, null);
        }

        // The summons most recently texted to this phone that still waits for its 报到.
        var summonsIds = links.Select(l => l.SummonsId).Distinct().ToList();
        var waiting = await db.Summonses.AsNoTracking().Where(s => summonsIds.Contains(s.Id) && s.State == SummonsState.Pending).Select(s => s.Id).ToListAsync(cancellationToken);
        var link = links.FirstOrDefault(l => waiting.Contains(l.SummonsId));
        if (link is null)
        {
            const string nothing = "您收到的召集均已报到或已结束，无需再回复。如有疑问请打开短信中的链接或致电综治中心。";
            await AnswerAsync(db, phone!, links[0], nothing, cancellationToken);
            return new ReplyResult(ReplyOutcome.Help, nothing, null);
        }

        var view = (await OpenAsync(link, cancellationToken))!;
        await whistles.AcknowledgeAsync(OperatorFor(view), link.SummonsId, cancellationToken);
        var others = waiting.Count - 1;
        var answer = TextTemplates.Acknowledged(view.CaseCode, view.Summons.DepartmentName) + (others > 0 ? $"另有 {others} 个召集待报到，请打开短信链接处理。" : string.Empty);
        await AnswerAsync(db, phone!, link, answer, cancellationToken);
        return new ReplyResult(ReplyOutcome.Acknowledged, answer, view.CaseCode);
    }

    /// <summary>The phone link of <paramref name="token"/>, as it stands now; null for a token that was never issued.</summary>
    public async Task<PhoneLinkView?> ResolveAsync(string? token, CancellationToken cancellationToken)
    {
        if (!PhoneLinks.LooksLikeToken(token))
        {
            return null;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var hash = PhoneLinks.Hash(token!);
        var link = await db.PhoneLinks.AsNoTracking().FirstOrDefaultAsync(l => l.TokenHash == hash, cancellationToken);
        return link is null ? null : await OpenAsync(link, cancellationToken);
    }

    /// <summary>What the phone page does (报到, 到场, 反馈, 退回), as the link's person, on the link's summons only.</summary>
    public async Task ActAsync(PhoneLinkView view, Func<Operator, Guid, Task> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(action);
        if (!view.IsOpen)
        {
            throw new DomainException("该召集已结束，此链接已失效。");
        }

        await action(OperatorFor(view), view.Summons.Id);
        await unitOfWork.ExecuteAsync(async db =>
        {
            var link = await db.PhoneLinks.FirstAsync(l => l.Id == view.Link.Id, cancellationToken);
            link.LastUsedAt = clock.GetUtcNow();
        }, cancellationToken);
    }

    /// <summary>
    /// The person the link was sent to, as a department user of the summoned department: their
    /// account when they have one, else (a department head) their name with no account.
    /// </summary>
    private static Operator OperatorFor(PhoneLinkView view) =>
        new(view.Link.StaffId ?? Guid.Empty, $"{view.Link.Name}（短信）", StaffRole.DepartmentStaff, view.Summons.DepartmentId);

    private async Task<PhoneLinkView?> OpenAsync(PhoneLink link, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var whistle = await db.Whistles.AsNoTracking().FirstOrDefaultAsync(w => w.Id == link.WhistleId, cancellationToken);
        var summons = whistle?.Summonses.FirstOrDefault(s => s.Id == link.SummonsId);
        if (whistle is null || summons is null)
        {
            return null;
        }

        var @case = await db.Cases.AsNoTracking().Where(c => c.Id == whistle.CaseId).Select(c => new { c.Code, c.Title, c.Address }).FirstAsync(cancellationToken);
        return new PhoneLinkView(link, whistle, summons, @case.Code, @case.Title, @case.Address);
    }

    /// <summary>The answer to a reply, as a text of its own (each reply its own key).</summary>
    private async Task AnswerAsync(DispatchDbContext db, string phone, PhoneLink about, string words, CancellationToken cancellationToken)
    {
        var text = TextMessage.Plan(Guid.CreateVersion7(), TextPurpose.Reply, $"{Guid.CreateVersion7():N}", new TextSubject(about.WhistleId, about.SummonsId, null, null),
            new TextRecipient(about.StaffId, about.Name, phone), words, clock.GetUtcNow());
        db.TextMessages.Add(text);
        await db.SaveChangesAsync(cancellationToken);
        await dispatch.EnqueueAsync([text.Id], cancellationToken);
    }
}
