using Dispatch.Domain.Cases;
using Dispatch.Domain.Whistles;
using Dispatch.Domain.Presence;
using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Presence;
using Dispatch.Infrastructure.Queries;
using Dispatch.Infrastructure.Reports;
using Dispatch.Infrastructure.Whistles;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Realtime;
using Dispatch.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Terminal;

/// <summary>
/// A department's terminal: its own summonses only (the department comes from the server-side
/// claim), live, with a tone and a flashing banner until a new summons is acknowledged.
/// </summary>
public sealed partial class TerminalPage : OperatorPage
{
    private const int MessagesShown = 5;

    private IReadOnlyList<WhistleRow>? _whistles;
    private IReadOnlyList<Case>? _cases;
    private Guid? _resultFor;
    private string? _resultText;
    private readonly List<TerminalMessage> _messages = [];
    private string? _department;
    private SoundSwitch? _sound;
    private IReadOnlyDictionary<Guid, SummonsBrief> _briefs = new Dictionary<Guid, SummonsBrief>();
    private DutyBoardView? _board;
    private string? _bulletinDay;
    private IReadOnlyList<RiskWarningView>? _letters;
    private bool _ringing;
    private readonly Dictionary<Guid, string> _feedbackDrafts = [];

    [Inject]
    public required DispatchQueries Queries { get; init; }

    [Inject]
    public required WhistleCommands Commands { get; init; }

    [Inject]
    public required CaseCommands CaseCommands { get; init; }

    [Inject]
    public required PresenceBoard Presence { get; init; }

    [Inject]
    public required DutyCommands DutyCommands { get; init; }

    [Inject]
    public required RiskQueries Risks { get; init; }

    [Inject]
    public required ReportQueries Reports { get; init; }

    [Inject]
    public required WorkingCalendar Calendar { get; init; }

    [Inject]
    public required RiskService RiskCommands { get; init; }

    private DepartmentDuty? Duty => User.DepartmentId is { } departmentId ? _board?.For(departmentId) : null;

    private bool OnDuty => Duty?.OnDuty.Any(p => p.StaffId == User.StaffId) == true;

    private IEnumerable<(WhistleRow Whistle, SummonsRow Summons)> Pending =>
        (_whistles ?? []).SelectMany(w => w.Summonses.Where(s => s.State == SummonsState.Pending).Select(s => (w, s)));

    private int PendingCount => Pending.Count();

    protected override async Task OnInitializedAsync()
    {
        await base.OnInitializedAsync();
        _department = Principal.DepartmentName();

        // Today's bulletin, if it is already out, stays on the terminal after a reload, not only when its notice arrives.
        var today = Domain.Reports.BulletinComposer.DayOf(Now, Calendar);
        if (_bulletinDay is null && await Reports.BulletinAsync(today, Stopping) is { } bulletin)
        {
            _bulletinDay = bulletin.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    protected override async Task ReloadAsync()
    {
        if (User.DepartmentId is not { } departmentId)
        {
            (_whistles, _cases) = ([], []);
            return;
        }

        _whistles = await Queries.RunningWhistlesAsync(departmentId, Stopping);
        _briefs = await Queries.BriefsAsync(departmentId, Stopping);
        _letters = await Risks.LettersAsync(departmentId, 10, Stopping);
        var before = _cases;
        _cases = await Queries.HandlingByDepartmentAsync(departmentId, Stopping);
        if (before is not null && _cases.Where(c => !before.Any(b => b.Id == c.Id && b.SupervisionCount == c.SupervisionCount)).ToList() is { Count: > 0 } arrived)
        {
            // A case handed over (or sent back by a dissatisfied follow-up) rings like a summons.
            foreach (var c in arrived)
            {
                Notices.Add((c.SupervisionCount > 0 ? $"二次督办：{c.Code}" : $"新交办案件：{c.Code}") + $" {c.Title}", Severity.Warning, o => o.VisibleStateDuration = 10000);
            }

            await PlayAsync("summons");
        }

        if (_resultFor is { } open && !_cases.Any(c => c.Id == open))
        {
            _resultFor = null;
        }
        if (_board is null)
        {
            await RefreshPresenceAsync();
        }
    }

    /// <summary>The tone repeats while any summons waits for 报到, in the browser, until someone acknowledges.</summary>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_sound is not null && _whistles is not null)
        {
            var ringing = PendingCount > 0;
            if (ringing != _ringing)
            {
                _ringing = ringing;
                await _sound.AlarmAsync(ringing);
            }
        }
    }

    protected override async Task RefreshPresenceAsync() =>
        _board = User.DepartmentId is { } departmentId ? await Presence.ReadAsync(departmentId, Stopping) : null;

    /// <summary>签收 a 风险警示函; the server checks it was sent to this department.</summary>
    private Task SignAsync(Guid warningId) => RunAsync(user => RiskCommands.MarkLetterReadAsync(user, warningId, Stopping), "已签收，请按警示函要求组织研判并书面反馈");

    private string FeedbackDraft(Guid warningId) => _feedbackDrafts.GetValueOrDefault(warningId, string.Empty);

    private void SetFeedbackDraft(Guid warningId, object? value) => _feedbackDrafts[warningId] = value?.ToString() ?? string.Empty;

    /// <summary>整改反馈; the draft stays in the box until the server has taken it.</summary>
    private async Task SubmitFeedbackAsync(Guid warningId)
    {
        if (await RunAsync(user => RiskCommands.RecordFeedbackAsync(user, warningId, FeedbackDraft(warningId), Stopping), "整改反馈已提交，中心已收到"))
        {
            _feedbackDrafts.Remove(warningId);
        }
    }

    private async Task ToggleDutyAsync()
    {
        var done = OnDuty
            ? await RunAsync(user => DutyCommands.GoOffDutyAsync(user, Stopping), "已离岗")
            : await RunAsync(user => DutyCommands.GoOnDutyAsync(user, Stopping), "已上岗");
        if (done)
        {
            await RefreshPresenceAsync();
        }
    }

    protected override bool IsRelevant(DispatchNotice notice) =>
        User.DepartmentId is { } departmentId && notice.Concerns(departmentId);

    protected override async Task OnRelevantNoticeAsync(DispatchNotice notice)
    {
        var (css, sound) = notice.Kind switch
        {
            NoticeKind.WhistleBlown or NoticeKind.DeclineSettled => ("alert", "summons"),
            NoticeKind.Urged or NoticeKind.Flagged or NoticeKind.Escalated => ("alert", "urge"),
            NoticeKind.Reminded => ("warn", "urge"),
            NoticeKind.BulletinPublished => ("info", "urge"),
            NoticeKind.WarningLetter => ("alert", "urge"),
            _ => ("info", null),
        };
        if (notice.Kind == NoticeKind.BulletinPublished)
        {
            _bulletinDay = notice.CaseCode;
        }

        _messages.Insert(0, new TerminalMessage(notice.At, notice.Text, css));
        if (_messages.Count > MessagesShown)
        {
            _messages.RemoveAt(_messages.Count - 1);
        }

        // A new summons shows as a flashing card at the top with its own 报到 button: no notice over it.
        if (css == "alert" && notice.Kind is not (NoticeKind.WhistleBlown or NoticeKind.DeclineSettled))
        {
            Notices.Add(notice.Text, Severity.Warning, o => o.VisibleStateDuration = 10000);
        }

        if (notice.Kind is NoticeKind.WhistleBlown or NoticeKind.DeclineSettled or NoticeKind.Urged or NoticeKind.Flagged or NoticeKind.Escalated && _sound is not null)
        {
            await _sound!.NotifyAsync($"{_department}：{notice.Text}", notice.CaseCode is null ? "请打开部门终端查看" : $"案件 {notice.CaseCode}，请打开部门终端报到", notice.SummonsId?.ToString() ?? notice.CaseId.ToString());
        }

        if (sound is not null)
        {
            await PlayAsync(sound);
        }
    }

    private async Task PlayAsync(string kind)
    {
        if (_sound is not null)
        {
            await _sound.PlayAsync(kind);
        }
    }

    private Task AcknowledgeAsync(Guid summonsId) =>
        RunAsync(user => Commands.AcknowledgeAsync(user, summonsId, Stopping), "已报到");

    private Task MarkOnSiteAsync(Guid summonsId) =>
        RunAsync(user => Commands.MarkOnSiteAsync(user, summonsId, Stopping), "已确认到场");

    private void ComposeResult(Guid caseId) => (_resultFor, _resultText) = (caseId, null);

    private async Task SubmitResultAsync()
    {
        if (_resultFor is { } caseId && await RunAsync(user => CaseCommands.SubmitResultAsync(user, caseId, _resultText ?? string.Empty, Stopping), "已提交办理结果，等待中心回访"))
        {
            _resultFor = null;
        }
    }

    private Task<bool> ReportAsync(Guid summonsId, string text) =>
        RunAsync(user => Commands.ReportAsync(user, summonsId, text, Stopping), "已提交反馈");

    private Task<bool> DeclineAsync(Guid summonsId, string reason) =>
        RunAsync(user => Commands.DeclineAsync(user, summonsId, reason, Stopping), "已退回，等待中心处理");

    private sealed record TerminalMessage(DateTimeOffset At, string Text, string Css);
}
