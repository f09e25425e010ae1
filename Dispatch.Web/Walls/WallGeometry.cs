using System.Globalization;

namespace Dispatch.Web.Walls;

/// <summary>
/// Sizes on the wall, in hundredths of the canvas width (the CSS unit <c>--u</c>). The page
/// keeps the canvas's aspect ratio in any window, so these numbers hold on a 1920×1080 test
/// browser and on 5760×2160 alike; the server uses them to know how many rows a list tile
/// holds, and pages through the rest.
/// </summary>
public static class WallGeometry
{
    public const double Padding = 0.5;
    public const double Gap = 0.5;
    public const double TilePadding = 0.6;
    public const double Header = 2.0;
    public const double FeedItem = 4.0;
    public const double ListRow = 2.0;
    public const double TableHead = 1.5;

    public static double CanvasHeight(WallCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        return canvas.Height * 100.0 / canvas.Width;
    }

    public static double CellWidth(WallLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return (100 - (2 * Padding) - ((layout.Grid.Columns - 1) * Gap)) / layout.Grid.Columns;
    }

    public static double CellHeight(WallLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return (CanvasHeight(layout.Canvas) - (2 * Padding) - ((layout.Grid.Rows - 1) * Gap)) / layout.Grid.Rows;
    }

    public static double TileWidth(WallLayout layout, WallTile tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        return (tile.ColumnSpan * CellWidth(layout)) + ((tile.ColumnSpan - 1) * Gap);
    }

    public static double TileHeight(WallLayout layout, WallTile tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        return (tile.RowSpan * CellHeight(layout)) + ((tile.RowSpan - 1) * Gap);
    }

    /// <summary>The height left for a tile's content under its title.</summary>
    public static double BodyHeight(WallLayout layout, WallTile tile) => TileHeight(layout, tile) - (2 * TilePadding) - Header;

    public static double BodyWidth(WallLayout layout, WallTile tile) => TileWidth(layout, tile) - (2 * TilePadding);

    /// <summary>How many items of this height fit under a table head of <paramref name="head"/>; at least one.</summary>
    public static int Capacity(WallLayout layout, WallTile tile, double item, double head = 0) =>
        Math.Max(1, (int)Math.Floor(((BodyHeight(layout, tile) - head) / item) + 1e-9));

    /// <summary>The CSS custom properties of the wall's root: the unit and the sizes above, from this one place.</summary>
    public static string RootStyle(WallLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var c = CultureInfo.InvariantCulture;
        var aspect = layout.Canvas.Aspect;
        return string.Create(c, $"--u: min(1vw, calc(1vh * {aspect:0.#####})); --canvas-h: {CanvasHeight(layout.Canvas):0.#####}; ") +
            string.Create(c, $"--pad: {Padding}; --gap: {Gap}; --tile-pad: {TilePadding}; --head: {Header}; --feed-item: {FeedItem}; --row: {ListRow}; --table-head: {TableHead}; ") +
            string.Create(c, $"--columns: {layout.Grid.Columns}; --rows: {layout.Grid.Rows};");
    }

    public static string TileStyle(WallTile tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        return string.Create(CultureInfo.InvariantCulture, $"grid-column: {tile.Column} / span {tile.ColumnSpan}; grid-row: {tile.Row} / span {tile.RowSpan};");
    }
}
