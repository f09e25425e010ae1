using Dispatch.Domain.Kpis;

namespace Dispatch.Web.Walls;

/// <summary>The tile types a wall file may use (the "type" of a tile, camelCase in JSON).</summary>
public enum WallTileType
{
    Kpi,
    WhistleFeed,
    DepartmentBoard,
    CategoryRisk,
    Trend,
    LevelDistribution,
    TownshipMap,
    Escalations,
    RiskWarnings,
    Clock,
    Video,
}

/// <summary>The KPIs of design.md a KPI tile may show.</summary>
public enum WallKpi
{
    OnSiteResolution,
    TimelyAcceptance,
    OnTimeCompletion,
    Satisfaction,
    AcknowledgementMedian,
    AcknowledgementP90,
}

/// <summary>The period a KPI is measured over, ending now.</summary>
public enum WallPeriod
{
    Today,
    Week,
    Month,
    Year,
}

public enum WallVideoKind
{
    Image,
    Video,
}

public sealed record WallCanvas(int Width, int Height)
{
    /// <summary>Width over height: the wall keeps it in any browser window (letterboxed).</summary>
    public double Aspect => (double)Width / Height;
}

public sealed record WallGrid(int Columns, int Rows);

/// <summary>How often the wall re-reads: at most every <see cref="ThrottleMs"/> on events, everything every <see cref="FullSeconds"/>, list pages every <see cref="RotateSeconds"/>.</summary>
public sealed record WallRefresh(int ThrottleMs = 500, int RotateSeconds = 10, int FullSeconds = 60);

public sealed record WallTile(
    int Index,
    WallTileType Type,
    int Column,
    int Row,
    int ColumnSpan,
    int RowSpan,
    string? Title)
{
    public WallKpi? Kpi { get; init; }

    public KpiThreshold? Threshold { get; init; }

    public WallPeriod Period { get; init; } = WallPeriod.Month;

    public int Top { get; init; } = 5;

    public int Days { get; init; } = 30;

    public string? Map { get; init; }

    public string? Url { get; init; }

    public WallVideoKind VideoKind { get; init; } = WallVideoKind.Image;

    public string? Caption { get; init; }

    public bool Overlaps(WallTile other) =>
        Column < other.Column + other.ColumnSpan && other.Column < Column + ColumnSpan &&
        Row < other.Row + other.RowSpan && other.Row < Row + RowSpan;
}

/// <summary>One wall, as its file in wall-config/ describes it.</summary>
public sealed record WallLayout(
    string Name,
    string Title,
    string Center,
    WallCanvas Canvas,
    WallGrid Grid,
    WallRefresh Refresh,
    IReadOnlyList<WallTile> Tiles)
{
    /// <summary>The township map geometries the tiles name, loaded with the file.</summary>
    public IReadOnlyDictionary<string, TownshipMap> Maps { get; init; } = new Dictionary<string, TownshipMap>();
}

/// <summary>A map of the county's townships: SVG paths keyed by the township center's code.</summary>
public sealed record TownshipMap(string ViewBox, IReadOnlyList<TownshipArea> Areas)
{
    /// <summary>Where the drawing lies on the earth, when the file says so; then a case's coordinates can be pinned on it.</summary>
    public GeoBounds? Bounds { get; init; }

    /// <summary>The point in the drawing for a WGS-84 position; null without bounds or outside them.</summary>
    public (double X, double Y)? Project(double longitude, double latitude)
    {
        if (Bounds is not { } bounds || longitude < bounds.West || longitude > bounds.East || latitude < bounds.South || latitude > bounds.North)
        {
            return null;
        }

        var box = ViewBox.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (
            box[0] + ((longitude - bounds.West) / (bounds.East - bounds.West) * box[2]),
            box[1] + ((bounds.North - latitude) / (bounds.North - bounds.South) * box[3]));
    }
}

/// <summary>A longitude and latitude box, WGS-84 degrees, west &lt; east and south &lt; north.</summary>
public sealed record GeoBounds(double West, double South, double East, double North);

public sealed record TownshipArea(string Center, string Name, string Path, double LabelX, double LabelY);

/// <summary>One thing wrong with a wall file: where (a JSON path and a line) and what, in words a clerk can act on.</summary>
public sealed record WallProblem(string File, string Where, int? Line, string Message)
{
    public override string ToString() => $"{File}{(Line is { } l ? $" 第 {l} 行" : string.Empty)} {Where}：{Message}";
}

/// <summary>A wall file read: its layout when valid, otherwise the problems (never both empty).</summary>
public sealed record WallFile(string Name, string File, WallLayout? Layout, IReadOnlyList<WallProblem> Problems)
{
    public bool IsValid => Layout is not null && Problems.Count == 0;
}
