using Dispatch.Web.Walls;
using Microsoft.AspNetCore.Components;

namespace Dispatch.Web.Components.Wall;

/// <summary>What every wall tile is given: its place in the layout, the wall's data, the time and the rotation count.</summary>
public abstract class WallTileBase : ComponentBase
{
    [Parameter, EditorRequired]
    public WallLayout Layout { get; set; } = default!;

    [Parameter, EditorRequired]
    public WallTile Tile { get; set; } = default!;

    [Parameter, EditorRequired]
    public WallData Data { get; set; } = default!;

    [Parameter]
    public DateTimeOffset Now { get; set; }

    /// <summary>Advances every rotateSeconds; list tiles show page <c>Rotation % pages</c>.</summary>
    [Parameter]
    public int Rotation { get; set; }

    protected string TitleOr(string fallback) => Tile.Title ?? fallback;

    /// <summary>The page of <paramref name="items"/> to show now, and "2/3" when there is more than one.</summary>
    protected (IReadOnlyList<T> Items, string? Pager) PageOf<T>(IReadOnlyList<T> items, int capacity)
    {
        ArgumentNullException.ThrowIfNull(items);
        var pages = Math.Max(1, (items.Count + capacity - 1) / capacity);
        var page = Rotation % pages;
        return ([.. items.Skip(page * capacity).Take(capacity)], pages > 1 ? $"{page + 1}/{pages}" : null);
    }

    /// <summary>
    /// Like <see cref="PageOf{T}"/>, but the items <paramref name="pinned"/> picks are on every page,
    /// first, so rotation never takes them out of sight; the others take turns in the rows left.
    /// When the pinned ones fill the tile, the pager says how many more wait.
    /// </summary>
    protected (IReadOnlyList<T> Items, string? Pager) PinnedPageOf<T>(IReadOnlyList<T> items, int capacity, Func<T, bool> pinned)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(pinned);
        var pins = items.Where(pinned).ToList();
        var rest = items.Where(i => !pinned(i)).ToList();
        if (pins.Count >= capacity)
        {
            var hidden = items.Count - capacity;
            return ([.. pins.Take(capacity)], hidden > 0 ? $"另 {hidden} 条" : null);
        }

        var slots = capacity - pins.Count;
        var pages = Math.Max(1, (rest.Count + slots - 1) / slots);
        var page = Rotation % pages;
        return ([.. pins, .. rest.Skip(page * slots).Take(slots)], pages > 1 ? $"{page + 1}/{pages}" : null);
    }
}
