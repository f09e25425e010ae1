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
}
