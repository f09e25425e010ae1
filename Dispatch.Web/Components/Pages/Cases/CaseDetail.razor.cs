using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Queries;
using Dispatch.Web.Walls;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Cases;

/// <summary>One case for life (一案一码): its facts, its stage, every whistle blown on it and the actions its stage allows.</summary>
public partial class CaseDetail
{
    [Inject]
    public required DispatchQueries Queries { get; init; }

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    public required Dispatch.Infrastructure.Cases.CaseCommands Cases { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required WallCatalog Walls { get; init; }

    [Inject]
    public required Security.UserScope Scope { get; init; }

    private Case? _case;
    private bool _loaded;
    private IReadOnlyList<CenterRow> _centers = [];

    /// <summary>Where the user may route (分流): their centers, and the center above (上交).</summary>
    private IReadOnlyList<CenterRow> _routable = [];
    private IReadOnlyList<DepartmentRow> _departments = [];
    private IReadOnlyList<AttachmentRow> _files = [];
    private WhistleRow? _runningWhistle;
    private IReadOnlyList<WhistleRow> _whistles = [];
    private TownshipMap? _map;

    private bool _handedUp;

    /// <summary>The center's staff act on its cases; on a case it handed up (「已上交」) they only follow.</summary>
    private bool CanAct => Permissions.CanRunCases(User.Role) && !_handedUp;

    protected override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _centers = await Queries.CentersAsync(Stopping);
        var scope = await Scope.ScopeAsync(Stopping);
        _routable = scope is null ? _centers : [.. _centers.Where(c => Permissions.CanRouteTo(scope, c.Id))];
        _departments = await Queries.DepartmentsAsync(scope, Stopping);
        _map = Walls.LocatorMap();
    }

    protected override async Task ReloadAsync()
    {
        _case = await Scope.CaseAsync(Id, Stopping);
        _handedUp = _case is not null && await Scope.HandedUpAsync(_case, Stopping);
        _files = _case is null ? [] : await Queries.AttachmentsAsync(Id, Stopping);
        _whistles = _case is null ? [] : await Queries.WhistlesOfCaseAsync(Id, Stopping);
        _runningWhistle = _whistles.FirstOrDefault(w => w.Status == WhistleStatus.Open);
        _loaded = true;
    }

    protected override bool IsRelevant(Dispatch.Web.Realtime.DispatchNotice notice) => notice.CaseId == Id || notice.CaseId == Guid.Empty;

    private Task RouteAsync((Guid CenterId, Guid? DepartmentId) route) =>
        RunAsync(user => Cases.RouteAsync(user, Id, route.CenterId, route.DepartmentId, Stopping), "已分流");

    private Task RejectAsync(string reason) =>
        RunAsync(user => Cases.RejectAsync(user, Id, reason, Stopping), "已不予受理，可打印告知书");

    private Task AssessAsync((RiskLevel Risk, string? Note) assess) =>
        RunAsync(user => Cases.AssessAsync(user, Id, assess.Risk, assess.Note, Stopping), "研判已记录");

    private Task HandleAsync((Guid? DepartmentId, int Days, string? Note) handle) =>
        RunAsync(user => Cases.StartHandlingAsync(user, Id, handle.DepartmentId, handle.Days, handle.Note, Stopping), "已交办处置");

    private Task MediationAsync((bool Resolved, string Note) mediation) =>
        RunAsync(async user =>
        {
            if (await Cases.RecordMediationAsync(user, Id, mediation.Resolved, mediation.Note, Stopping))
            {
                Notices.Add("调解次数已满：案件已依规升级到上一级中心。", Severity.Warning, o => o.VisibleStateDuration = 8000);
            }
        }, "调解已记录");

    private Task ResultAsync(string result) =>
        RunAsync(user => Cases.SubmitResultAsync(user, Id, result, Stopping), "办理结果已提交，待回访");

    private Task FollowUpAsync((Satisfaction Satisfaction, string? Note, int? Days) followUp) =>
        RunAsync(user => Cases.RecordFollowUpAsync(user, Id, followUp.Satisfaction, followUp.Note, followUp.Days, Stopping),
            followUp.Satisfaction == Satisfaction.Dissatisfied ? "已启动二次督办" : "回访已记录");

    private Task CloseAsync(string outcome) =>
        RunAsync(user => Cases.CloseAsync(user, Id, outcome, Stopping), "已结案");

    private async Task BlowAsync()
    {
        if (await Queries.CaseRowAsync(Id, Stopping) is not { } row)
        {
            return;
        }

        if (await Dispatch.Web.Components.Pages.Console.BlowWhistleDialog.OpenAsync(Dialogs, row, User) is not null)
        {
            Notices.Add($"已吹哨：{row.Code}", Severity.Success);
            await ReloadAsync();
        }
    }
}
