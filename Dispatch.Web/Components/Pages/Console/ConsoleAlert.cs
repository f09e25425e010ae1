using Dispatch.Web.Realtime;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Console;

/// <summary>A notice the director hears and sees: its text, how loud, which tone.</summary>
public sealed record ConsoleAlert(string Text, Severity Severity, string Tone)
{
    /// <summary>
    /// Declines, overdue steps and raises need a decision (a warning tone, an error notice);
    /// an acknowledgement is good news (a short tone). Everything else updates the page quietly.
    /// </summary>
    /// <param name="notice">The notice.</param>
    /// <param name="caseCode">The case's code, when the notice does not carry it (summons notices).</param>
    /// <param name="department">The summoned department's name, for summons notices.</param>
    public static ConsoleAlert? For(DispatchNotice notice, string? caseCode, string? department)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var code = (notice.CaseCode ?? caseCode) is { } c ? $"{c} " : string.Empty;
        var who = department is null ? string.Empty : $"{department}：";
        return notice.Kind switch
        {
            NoticeKind.Declined => new($"{code}{who}{notice.Text}。请改派或坚持交办", Severity.Error, "summons"),
            NoticeKind.Flagged or NoticeKind.Escalated => new($"{code}{who}{notice.Text}", Severity.Error, "summons"),
            NoticeKind.CaseRaised => new($"{notice.Text}，请及时分流", Severity.Warning, "summons"),
            NoticeKind.Acknowledged => new($"{code}{who}{notice.Text}", Severity.Success, "ack"),
            _ => null,
        };
    }
}
