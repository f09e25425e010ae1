using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Queries;

namespace Dispatch.Web.Components.Pages.Console;

public enum AttentionKind
{
    /// <summary>A department declined (退回) and waits for the director to reassign or insist.</summary>
    Declined,

    /// <summary>A summons overdue and raised to the level above (升级).</summary>
    Escalated,

    /// <summary>A summons past its current deadline (超时, 督办).</summary>
    Overdue,

    /// <summary>A case raised to this center (升级) that nobody here has acted on.</summary>
    Raised,
}

/// <summary>One line of the console's 「待处理」 list.</summary>
public sealed record AttentionItem(AttentionKind Kind, DateTimeOffset Since, Guid CaseId, string CaseCode, string CaseTitle, Guid? WhistleId, string? Department, string Detail);

/// <summary>
/// The console's 「待处理」 list: what needs the director now. Declines awaiting a decision and
/// overdue summonses first, oldest first; then raised cases, oldest first.
/// </summary>
public static class ConsoleInbox
{
    public static IReadOnlyList<AttentionItem> Build(IReadOnlyList<WhistleRow> running, IReadOnlyList<RaisedCaseRow> raised, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(raised);
        var summonses = running
            .SelectMany(w => w.Summonses.Select(s => (Whistle: w, Summons: s, Urgency: s.UrgencyAt(now))))
            .Where(x => x.Urgency.NeedsAttention())
            .Select(x => x.Urgency switch
            {
                Urgency.Declined => new AttentionItem(AttentionKind.Declined, x.Summons.DeclinedAt ?? x.Summons.SummonedAt, x.Whistle.CaseId, x.Whistle.CaseCode, x.Whistle.CaseTitle, x.Whistle.Id,
                    x.Summons.DepartmentName, $"退回：{x.Summons.DeclineReason}"),
                _ => new AttentionItem(x.Urgency == Urgency.Escalated ? AttentionKind.Escalated : AttentionKind.Overdue, x.Summons.NextDeadline!.Value, x.Whistle.CaseId, x.Whistle.CaseCode,
                    x.Whistle.CaseTitle, x.Whistle.Id, x.Summons.DepartmentName, $"{Vocabulary.StepOf(x.Summons.State)}超时 {Format.Elapsed(now - x.Summons.NextDeadline!.Value)}"),
            })
            .OrderBy(i => i.Since);
        var cases = raised.Select(r => new AttentionItem(AttentionKind.Raised, r.RaisedAt, r.CaseId, r.Code, r.Title, null, null, r.Reason ?? "已升级至本中心"));
        return [.. summonses, .. cases];
    }
}
