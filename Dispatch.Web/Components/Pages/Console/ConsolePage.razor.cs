using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Presence;
using Dispatch.Infrastructure.Queries;
using Dispatch.Infrastructure.Reports;
using Dispatch.Infrastructure.Whistles;
using Dispatch.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Console;

/// <summary>The director's console: open cases, running whistles live, and the whistle commands.</summary>
public sealed partial class ConsolePage : OperatorPage
{
    private ConsoleOverview? _overview;
    private IReadOnlyList<DepartmentRow> _departments = [];
    private Guid? _selected;
    private DutyBoardView? _duty;
    private IReadOnlyList<RiskWarningView> _warnings = [];
    private IReadOnlyList<Domain.Risk.RiskWarning> _settled = [];
    private string _centerName = "县综治中心";

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

    protected override async Task OnInitializedAsync()
    {
        _departments = await Queries.DepartmentsAsync(CancellationToken.None);
        _centerName = (await Scopes.CountyScopeAsync(CancellationToken.None))?.Name ?? _centerName;
        await base.OnInitializedAsync();
    }

    protected override async Task ReloadAsync()
    {
        _overview = await Queries.ConsoleAsync(Stopping);
        _warnings = await Risks.OpenAsync(null, 200, Stopping);
        _settled = await Risks.SettledAsync(7, 10, Stopping);
        _duty ??= await Presence.ReadAsync(cancellationToken: Stopping);
    }

    protected override async Task RefreshPresenceAsync() => _duty = await Presence.ReadAsync(cancellationToken: Stopping);

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
