using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Infrastructure.Queries;
using Microsoft.AspNetCore.Components;
using Radzen;
using Radzen.Blazor;

namespace Dispatch.Web.Components.Pages.Cases;

public sealed partial class CaseList
{
    private readonly IReadOnlyList<StatusOption> _statuses =
        [.. Enum.GetValues<CaseStatus>().Select(s => new StatusOption(Labels.Of(s), s))];

    private RadzenDataGrid<CaseRow>? _grid;
    private IReadOnlyList<CaseRow>? _rows;
    private int _total;
    private bool _loading;
    private bool _loaded;
    private string? _search;
    private CaseStatus? _status;
    private bool _openOnly;

    [Inject]
    public required DispatchQueries Queries { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private async Task LoadAsync(LoadDataArgs args)
    {
        _loading = true;
        var page = await Queries.CasesAsync(
            new CaseQuery(_search, _status, _openOnly, args.Skip ?? 0, args.Top ?? 20, args.OrderBy),
            CancellationToken.None);
        _rows = page.Rows;
        _total = page.Total;
        _loading = false;
        _loaded = true;
    }

    private Task ReloadAsync() => _grid?.FirstPage(forceReload: true) ?? Task.CompletedTask;

    private sealed record StatusOption(string Text, CaseStatus Value);
}
