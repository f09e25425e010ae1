using Dispatch.Domain.Common;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Presence;
using Dispatch.Infrastructure.Queries;
using Dispatch.Infrastructure.Reports;
using Dispatch.Infrastructure.Whistles;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Realtime;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Console;

/// <summary>The director's console: open cases, running whistles live, and the whistle commands.</summary>
public sealed partial class ConsolePage : OperatorPage
{
    private ConsoleOverview? _overview;
    private IReadOnlyList<DepartmentRow> _departments = [];
    private Guid? _selected;

    /// <summary>The running whistles' texts (短信), by summons.</summary>
    private ILookup<Guid?, TextRow> _texts = Array.Empty<TextRow>().ToLookup(t => t.SummonsId);
    private DutyBoardView? _duty;
    private IReadOnlyList<RiskWarningView> _warnings = [];
    private IReadOnlyList<Domain.Risk.RiskWarning> _settled = [];
    private string _centerName = "县综治中心";

    /// <summary>Directors and dispatchers command; leaders and administrators see the console without its buttons.</summary>
    private bool CanCommand => Permissions.CanCommand(User.Role);

    private bool CanRunCases => Permissions.CanRunCases(User.Role);
    private IReadOnlyList<RaisedCaseRow> _raised = [];
    private IReadOnlyList<AttentionItem> _inbox = [];
    private SoundSwitch? _sound;

    [Inject]
    public required DispatchQueries Queries { get; init; }

    [Inject]
    public required WhistleCommands Commands { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required PresenceBoard Presence { get; init; }

    [Inject]
    public required RiskQueries Risks { get; init; }

    [Inject]
    public required RiskService RiskCommands { get; init; }

    [Inject]
    public required WallQueries Scopes { get; init; }

    [Inject]
    public required Security.UserScope UserScope { get; init; }

    /// <summary>The center this console runs: the county's, or a township's (its own cases and its villages').</summary>
    private Domain.Organization.CenterScope? _scope;

    protected override async Task OnInitializedAsync()
    {
        _scope = await UserScope.ScopeAsync(CancellationToken.None);
        _departments = await Queries.DepartmentsAsync(_scope, CancellationToken.None);
        _centerName = _scope is { IsCounty: false } own ? own.Own.Name : (await Scopes.CountyScopeAsync(CancellationToken.None))?.Name ?? _centerName;
        await base.OnInitializedAsync();
    }

    protected override async Task ReloadAsync()
    {
        var local = _scope is { IsCounty: false } own ? own : null;
        _overview = await Queries.ConsoleAsync(local?.Centers, Stopping);
        _raised = local is null
            ? await Queries.RaisedAsync(Domain.Organization.CenterLevel.County, Stopping)
            : await Queries.RaisedAsync(local.Own.Level, local.CenterId, Stopping);
        _inbox = ConsoleInbox.Build(_overview.RunningWhistles, _raised, Now);
        _texts = (await Queries.TextsAsync([.. _overview.RunningWhistles.Select(w => w.Id)], Stopping)).ToLookup(t => t.SummonsId);
        _warnings = await Risks.OpenAsync(local is null ? null : new WallScope(local.CenterId, local.Own.Code, local.Own.Name, local.Own.Level), 200, Stopping);
        _settled = local is null ? await Risks.SettledAsync(7, 10, Stopping) : [];
        _duty ??= await Presence.ReadAsync(cancellationToken: Stopping);
    }

    protected override async Task RefreshPresenceAsync() => _duty = await Presence.ReadAsync(cancellationToken: Stopping);

    /// <summary>Running whistles, the one needing the director most first, then the newest.</summary>
    private IEnumerable<WhistleRow> RunningByUrgency =>
        WhistleRow.ByUrgency(_overview?.RunningWhistles ?? [], Now);

    /// <summary>The 「待处理」 list follows the clock too: a summons becomes overdue without a notice.</summary>
    protected override Task OnTickAsync()
    {
        if (_overview is not null)
        {
            _inbox = ConsoleInbox.Build(_overview.RunningWhistles, _raised, Now);
        }

        return Task.CompletedTask;
    }

    /// <summary>What reaches the director as a sound and a notice: a decline, an overdue step, an acknowledgement, a raised case.</summary>
    protected override async Task OnRelevantNoticeAsync(DispatchNotice notice)
    {
        var whistle = _overview?.RunningWhistles.FirstOrDefault(w => w.Id == notice.WhistleId);
        if (notice.Kind == NoticeKind.CaseRaised ? notice.ToCenterId != _scope?.CenterId : _scope is { IsCounty: false } scope && whistle is null && !notice.Reaches(scope.CenterId))
        {
            // A raised case sounds where it arrives; anything else only on consoles of the centers
            // it concerns (a sibling's case must not reach a township as a sound or a text).
            return;
        }

        var summons = whistle?.Summonses.FirstOrDefault(s => s.Id == notice.SummonsId);
        if (ConsoleAlert.For(notice, whistle?.CaseCode, summons?.DepartmentName) is not { } alert)
        {
            return;
        }

        Notices.Add(alert.Text, alert.Severity, o => o.VisibleStateDuration = alert.Severity == Severity.Error ? 10000 : 5000);
        if (_sound is not null)
        {
            await _sound.PlayAsync(alert.Tone);
        }
    }

    private void Select(Guid whistleId) => _selected = _selected == whistleId ? null : whistleId;

    private async Task OpenBlowDialogAsync(CaseRow row)
    {
        if (await BlowWhistleDialog.OpenAsync(Dialogs, row, User) is { } whistleId)
        {
            Notices.Add($"已吹哨：{row.Code}", Severity.Success);
            _selected = whistleId;
            await ReloadAsync();
        }
    }

    private Task<bool> IssueLetterAsync((Guid WarningId, Guid DepartmentId, string Body) letter) =>
        RunAsync(user => RiskCommands.IssueLetterAsync(user, letter.WarningId, letter.DepartmentId, letter.Body, Stopping), "风险警示函已发出");

    private Task<bool> DismissWarningAsync((Guid WarningId, string Reason) dismissal) =>
        RunAsync(user => RiskCommands.DismissAsync(user, dismissal.WarningId, dismissal.Reason, Stopping), "已研判，不发警示函");

    private Task UrgeAsync((Guid SummonsId, string? Note) urge) =>
        RunAsync(user => Commands.UrgeAsync(user, urge.SummonsId, urge.Note, Stopping), "已催办");

    private Task InsistAsync((Guid SummonsId, string Note) insist) =>
        RunAsync(user => Commands.InsistAsync(user, insist.SummonsId, insist.Note, Stopping), "已坚持交办，部门需重新报到");

    private Task ReassignAsync((Guid SummonsId, Guid DepartmentId, string Note) reassign) =>
        RunAsync(user => Commands.ReassignAsync(user, reassign.SummonsId, reassign.DepartmentId, reassign.Note, Stopping), "已改派");

    private async Task CloseAsync((Guid WhistleId, WhistleOutcome Outcome, string? Note) close)
    {
        if (await RunAsync(user => Commands.CloseAsync(user, close.WhistleId, close.Outcome, close.Note, Stopping), "吹哨已结束"))
        {
            _selected = null;
        }
    }
}
