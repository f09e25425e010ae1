using Dispatch.Domain.Common;
using Dispatch.Domain.Reports;
using Dispatch.Infrastructure.Queries;
using Dispatch.Web.Components.Charts;
using Dispatch.Web.Reports;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Reports;

/// <summary>The reports page: period and center controls, the measures, the tables and their CSV exports.</summary>
public partial class ReportsPage
{
    [Inject]
    public required ReportCache Reports { get; init; }

    [Inject]
    public required WallQueries Walls { get; init; }

    [Inject]
    public required DispatchQueries Queries { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "center")] public string? CenterCode { get; set; }

    [Inject]
    public required Security.UserScope UserScope { get; init; }
    [SupplyParameterFromQuery(Name = "period")] public string? Preset { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }

    private IReadOnlyList<CenterRow> _centers = [];
    private AnalysisReport? _report;
    private ReportPeriod? _period;
    private string? _center;
    private string? _error;
    private DateOnly? _from;
    private DateOnly? _to;
    private long _elapsedMs;
    private bool _refreshing;
    private bool _loading;
    private IReadOnlyList<ChartBucket> _trend = [];
    private List<ChartSeries<double>> _levelSeries = [];
    private string[] _levelLabels = [];

    private string Query => $"center={Uri.EscapeDataString(_center ?? string.Empty)}&{_period?.Query}";

    protected override async Task OnInitializedAsync()
    {
        var reach = await UserScope.ScopeAsync(CancellationToken.None);
        _centers = [.. (await Queries.CentersAsync(CancellationToken.None)).Where(c => Security.UserScope.Reaches(reach, c.Id))];
    }

    protected override async Task OnParametersSetAsync()
    {
        var (period, error) = ReportPeriod.Parse(Preset, From, To, Clock.GetUtcNow());
        var scope = await ReportEndpoints.ScopeAsync(Walls, CenterCode, await UserScope.ScopeAsync(CancellationToken.None), CancellationToken.None);
        if (scope is null)
        {
            (_period, _report, _error) = (period, null, $"没有代码为「{CenterCode}」的综治中心，请在「范围」中重新选择。");
            return;
        }

        if (period is null)
        {
            (_period, _center, _report, _error) = (null, scope.Code, null, error);
            return;
        }

        // A year takes most of a second: meanwhile the page keeps the previous report under its
        // own period and center, marked 统计中, never the new labels over the old numbers.
        _loading = true;
        ComputedReport computed;
        try
        {
            computed = await Reports.GetAsync(scope, period.Period, CancellationToken.None);
        }
        finally
        {
            _loading = false;
        }

        (_period, _center, _error) = (period, scope.Code, null);
        (_from, _to) = (period.From, period.To);
        (_report, _elapsedMs) = (computed.Report, (long)computed.Took.TotalMilliseconds);
        var format = _report.Bucket == Bucket.Month ? "yyyy-MM" : "MM-dd";
        _trend = [.. _report.Trend.Select(p => new ChartBucket(p.Start.ToString(format, System.Globalization.CultureInfo.InvariantCulture), p.Received, p.Closed))];
        var levels = _report.Kpis.Levels.OrderBy(l => l.Level).ToList();
        _levelLabels = [.. levels.Select(l => $"{Labels.Of(l.Level)}级 {l.Count} 件")];
        _levelSeries = [new ChartSeries<double> { Name = "办结层级", Data = levels.Select(l => (double)l.Count).ToArray() }];
    }

    private async Task RefreshAsync()
    {
        if (_report is null)
        {
            return;
        }

        _refreshing = true;
        try
        {
            Reports.Forget(_report.Scope, _report.Period);
            await OnParametersSetAsync();
        }
        finally
        {
            _refreshing = false;
        }
    }

    private void GoCustom() => Go(preset: "custom");

    private void Go(string? center = null, string? preset = null)
    {
        var chosen = preset ?? _period?.Preset ?? ReportPeriod.Default;
        var query = new Dictionary<string, object?>
        {
            ["center"] = center ?? _center,
            ["period"] = chosen,
            ["from"] = chosen == "custom" ? _from?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null,
            ["to"] = chosen == "custom" ? _to?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(query));
    }

    private static string Change(double? change) => change is { } c ? (c > 0 ? "+" : string.Empty) + (c * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "新增";

    private static string Share(double share) => (share * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
