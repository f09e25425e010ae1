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
    private IReadOnlyList<CaseRow>? _loaded;
    private Domain.Organization.CenterScope? _scope;
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
        _scope = await Scope.ScopeAsync(cancellationToken);
        _total = page.Total;
        _loaded = page.Rows;

        // The table renders itself; the page's total and ready mark need a render of their own.
        StateHasChanged();
        return new TableData<CaseRow> { Items = page.Rows, TotalItems = page.Total };
    }

    /// <summary>The table shows the page last loaded (a render of the page alone may come before the table has it).</summary>
    private bool Shown => _loaded is { } loaded && _table is { } table && table.FilteredItems.Select(r => r.Id).SequenceEqual(loaded.Select(r => r.Id));

    /// <summary>A case this center handed up: listed to follow it, handled above (「已上交」).</summary>
    private bool HandedUp(CaseRow row) => _scope is { IsCounty: false } scope && !scope.Covers(row.CenterId);

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
