using Dispatch.Domain.Cases;
using Dispatch.Infrastructure.Queries;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Cases;

/// <summary>All cases, paged and sorted by the database; filters reset to the first page.</summary>
public sealed partial class CaseList
{
    private MudTable<CaseRow>? _table;
    private int _total;
    private bool _loaded;
    private string? _search;
    private CaseStatus? _status;
    private bool _openOnly;

    [Inject]
    public required DispatchQueries Queries { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required Security.UserScope Scope { get; init; }

    /// <summary>The table's sort label, turned into our own sort type before it reaches the query.</summary>
    internal static CaseOrder OrderOf(string? sortLabel, SortDirection direction) =>
        direction == SortDirection.None || !Enum.TryParse<CaseSortKey>(sortLabel, out var key)
            ? CaseOrder.Default
            : new CaseOrder(key, direction == SortDirection.Descending);

    private async Task<TableData<CaseRow>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await Queries.CasesAsync(
            new CaseQuery(_search, _status, _openOnly, state.Page * state.PageSize, state.PageSize, OrderOf(state.SortLabel, state.SortDirection)) { Centers = await Scope.CentersAsync(cancellationToken) },
            cancellationToken);
        _total = page.Total;
        _loaded = true;

        // The table renders itself; the page's total and ready mark need a render of their own.
        StateHasChanged();
        return new TableData<CaseRow> { Items = page.Rows, TotalItems = page.Total };
    }

    private Task ReloadAsync() => _table?.ReloadServerData() ?? Task.CompletedTask;

    private Task StatusChangedAsync(CaseStatus? status)
    {
        _status = status;
        return ReloadAsync();
    }

    private Task OpenOnlyChangedAsync(bool openOnly)
    {
        _openOnly = openOnly;
        return ReloadAsync();
    }
}
