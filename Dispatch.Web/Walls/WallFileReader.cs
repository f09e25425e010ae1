using System.Text.Json;
using Dispatch.Domain.Kpis;

namespace Dispatch.Web.Walls;

/// <summary>
/// Reads and checks one wall file. Every problem is collected with its place (JSON path and
/// line) and a message in Chinese, so the wall can show them all at once instead of a blank
/// screen. Map files are read through a callback: this class does no I/O of its own.
/// </summary>
public static class WallFileReader
{
    public const int MinCanvas = 320;
    public const int MaxCanvas = 15360;
    public const int MaxGrid = 48;

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 16 };

    /// <summary>What a map's bounds must be; the schema says "four numbers", the order and ranges are said here.</summary>
    public const string BoundsMessage = "「bounds」须是地图四至 [西经度, 南纬度, 东经度, 北纬度]，如 [100.15, 38.80, 100.75, 39.11]，且西小于东、南小于北。";

    /// <summary>The JSON spelling of an enum value: "whistleFeed", "onSiteResolution".</summary>
    public static string JsonName<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static IEnumerable<string> JsonNames<T>()
        where T : struct, Enum => Enum.GetValues<T>().Select(JsonName);

    /// <param name="name">The wall's name (the file name without ".json").</param>
    /// <param name="file">The file name shown in problems.</param>
    /// <param name="readMap">Reads a map file named by a tile, relative to wall-config/; null when it does not exist.</param>
    public static WallFile Read(string name, string file, string json, Func<string, string?> readMap)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(readMap);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? (int)l + 1 : (int?)null;
            var column = ex.BytePositionInLine is { } c ? $"第 {c + 1} 个字节附近" : "（文件）";
            return new WallFile(name, file, null, [new WallProblem(file, column, line, $"不是有效的 JSON：{Plain(ex.Message)}")]);
        }

        using (document)
        {
            var context = new Context(file, JsonLines.Read(json), readMap);
            context.Check(WallSchema.Wall, document.RootElement);
            var layout = context.ReadLayout(name, document.RootElement);
            return new WallFile(name, file, context.Problems.Count == 0 ? layout : null, context.Problems);
        }
    }

    /// <summary>Reads a township map file (also used on its own by the tests).</summary>
    public static TownshipMap? ReadMap(string file, string json, List<WallProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        try
        {
            using var document = JsonDocument.Parse(json, DocumentOptions);
            var context = new Context(file, JsonLines.Read(json), _ => null);
            context.Check(WallSchema.Map, document.RootElement);
            var map = context.ReadMap(document.RootElement);
            problems.AddRange(context.Problems);
            return context.Problems.Count == 0 ? map : null;
        }
        catch (JsonException ex)
        {
            problems.Add(new WallProblem(file, "（文件）", ex.LineNumber is { } l ? (int)l + 1 : null, $"不是有效的 JSON：{Plain(ex.Message)}"));
            return null;
        }
    }

    private static string Plain(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    /// <summary>
    /// One file's reading: the schema's problems first, then the layout read from the values (a
    /// value the schema refused reads as its default), with the rules no schema can say: tiles
    /// overlapping or leaving the grid, threshold order, a KPI's upper bound by its unit, the map
    /// file staying inside wall-config and existing, a map's bounds in order. A rule speaks only
    /// where the schema found nothing, so one mistake is named once.
    /// </summary>
    private sealed class Context(string file, JsonLines lines, Func<string, string?> readMap)
    {
        private readonly HashSet<string> _schemaPaths = new(StringComparer.Ordinal);
        private readonly Dictionary<string, TownshipMap> _maps = new(StringComparer.Ordinal);

        public List<WallProblem> Problems { get; } = [];

        public void Check(WallSchema schema, JsonElement root)
        {
            foreach (var (path, message) in schema.Check(root))
            {
                _schemaPaths.Add(path);
                Add(path, message);
            }
        }

        private void Add(string path, string message) =>
            Problems.Add(new WallProblem(file, path.Length == 0 ? "（根）" : path, lines.Of(path), message));

        private void Problem(string path, string message)
        {
            if (!_schemaPaths.Contains(path))
            {
                Add(path, message);
            }
        }

        public WallLayout? ReadLayout(string name, JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var title = Text(root, "title") ?? name;
            var center = Text(root, "center") ?? string.Empty;
            var c = Child(root, "canvas");
            var canvas = new WallCanvas(Int(c, "canvas", "width") ?? 1920, Int(c, "canvas", "height") ?? 1080);
            var g = Child(root, "grid");
            var grid = new WallGrid(Int(g, "grid", "columns") ?? 1, Int(g, "grid", "rows") ?? 1);
            var defaults = new WallRefresh();
            var r = Child(root, "refresh");
            var refresh = new WallRefresh(
                Int(r, "refresh", "throttleMs") ?? defaults.ThrottleMs,
                Int(r, "refresh", "rotateSeconds") ?? defaults.RotateSeconds,
                Int(r, "refresh", "fullSeconds") ?? defaults.FullSeconds);

            var tiles = new List<WallTile>();
            if (root.TryGetProperty("tiles", out var tileArray) && tileArray.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var element in tileArray.EnumerateArray())
                {
                    if (ReadTile(element, index, grid) is { } tile)
                    {
                        foreach (var other in tiles.Where(tile.Overlaps))
                        {
                            Problem($"tiles[{index}]", $"图块（{JsonName(tile.Type)}，第 {tile.Row} 行第 {tile.Column} 列起）与 tiles[{other.Index}]（{JsonName(other.Type)}，第 {other.Row} 行第 {other.Column} 列起）重叠。");
                        }

                        tiles.Add(tile);
                    }

                    index++;
                }
            }

            return new WallLayout(name, title, center, canvas, grid, refresh, tiles) { Maps = _maps };
        }

        private WallTile? ReadTile(JsonElement element, int index, WallGrid grid)
        {
            var path = $"tiles[{index}]";
            if (element.ValueKind != JsonValueKind.Object || Known<WallTileType>(Text(element, "type")) is not { } type)
            {
                return null;
            }

            var column = Int(element, path, "column") ?? 1;
            var row = Int(element, path, "row") ?? 1;
            var columnSpan = Int(element, path, "columnSpan") ?? 1;
            var rowSpan = Int(element, path, "rowSpan") ?? 1;
            if (column + columnSpan - 1 > grid.Columns)
            {
                Problem(path, $"图块超出网格：占第 {column}–{column + columnSpan - 1} 列，而网格只有 {grid.Columns} 列。");
            }

            if (row + rowSpan - 1 > grid.Rows)
            {
                Problem(path, $"图块超出网格：占第 {row}–{row + rowSpan - 1} 行，而网格只有 {grid.Rows} 行。");
            }

            var tile = new WallTile(index, type, column, row, columnSpan, rowSpan, Text(element, "title"));
            return type switch
            {
                WallTileType.Kpi => ReadKpi(element, path, tile),
                WallTileType.CategoryRisk => tile with { Top = Int(element, path, "top") ?? 5 },
                WallTileType.Trend => tile with { Days = Int(element, path, "days") ?? 30 },
                WallTileType.LevelDistribution => tile with { Period = Known<WallPeriod>(Text(element, "period")) ?? WallPeriod.Month },
                WallTileType.TownshipMap => ReadMapTile(element, path, tile),
                WallTileType.Video => tile with { Url = Text(element, "url"), VideoKind = Known<WallVideoKind>(Text(element, "kind")) ?? WallVideoKind.Image, Caption = Text(element, "caption") },
                _ => tile,
            };
        }

        private WallTile ReadKpi(JsonElement element, string path, WallTile tile)
        {
            var kpi = Known<WallKpi>(Text(element, "kpi"));
            var isTime = kpi is WallKpi.AcknowledgementMedian or WallKpi.AcknowledgementP90;

            // The schema knows a threshold is a number from 0; its upper bound depends on the KPI's unit.
            var (max, unit) = isTime ? (1440.0, "分钟") : (100.0, "%");
            var target = Threshold(element, path, "target", max, unit);
            var green = Threshold(element, path, "green", max, unit);
            var amber = Threshold(element, path, "amber", max, unit);
            KpiThreshold? threshold = null;
            if (target is { } t && green is { } g && amber is { } a)
            {
                threshold = isTime ? new KpiThreshold(t, g, a, HigherIsBetter: false) : new KpiThreshold(t / 100, g / 100, a / 100, HigherIsBetter: true);
                if (kpi is not null && !threshold.IsOrdered)
                {
                    Problem(path, isTime
                        ? $"阈值顺序不对：用时越短越好，green（{g}）应不大于 amber（{a}）。"
                        : $"阈值顺序不对：比率越高越好，green（{g}）应不小于 amber（{a}）。");
                }
            }

            return tile with { Kpi = kpi, Threshold = threshold, Period = Known<WallPeriod>(Text(element, "period")) ?? WallPeriod.Month };
        }

        private double? Threshold(JsonElement element, string path, string name, double max, string unit)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number < 0)
            {
                return null;
            }

            if (number > max)
            {
                Problem($"{path}.{name}", $"「{name}」为 {number}，须在 0 到 {max} {unit}之间。");
                return null;
            }

            return number;
        }

        private WallTile ReadMapTile(JsonElement element, string path, WallTile tile)
        {
            var mapFile = Text(element, "map");
            if (mapFile is null || _schemaPaths.Contains($"{path}.map"))
            {
                return tile;
            }

            if (mapFile.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(mapFile))
            {
                Problem($"{path}.map", $"地图文件「{mapFile}」须是 wall-config 目录内的 .json 文件（如 maps/ganzhou.json）。");
                return tile;
            }

            if (!_maps.ContainsKey(mapFile))
            {
                var json = readMap(mapFile);
                if (json is null)
                {
                    Problem($"{path}.map", $"找不到地图文件「{mapFile}」（相对 wall-config 目录）。");
                    return tile;
                }

                var problems = new List<WallProblem>();
                if (WallFileReader.ReadMap(mapFile, json, problems) is { } map)
                {
                    _maps[mapFile] = map;
                }

                Problems.AddRange(problems);
            }

            return tile with { Map = mapFile };
        }

        public TownshipMap? ReadMap(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var viewBox = Text(root, "viewBox");
            var areas = new List<TownshipArea>();
            if (root.TryGetProperty("areas", out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var area in array.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object))
                {
                    double x = 0, y = 0;
                    var placed = area.TryGetProperty("label", out var label) && label.ValueKind == JsonValueKind.Array && label.GetArrayLength() == 2
                        && label[0].ValueKind == JsonValueKind.Number && label[1].ValueKind == JsonValueKind.Number && label[0].TryGetDouble(out x) && label[1].TryGetDouble(out y);
                    if (placed && Text(area, "center") is { } center && Text(area, "name") is { } name && Text(area, "path") is { } outline)
                    {
                        areas.Add(new TownshipArea(center.ToUpperInvariant(), name, outline, x, y));
                    }
                }
            }

            return viewBox is null ? null : new TownshipMap(viewBox, areas) { Bounds = ReadBounds(root) };
        }

        private GeoBounds? ReadBounds(JsonElement root)
        {
            if (!root.TryGetProperty("bounds", out var bounds) || _schemaPaths.Contains("bounds"))
            {
                return null;
            }

            var (west, south, east, north) = (bounds[0].GetDouble(), bounds[1].GetDouble(), bounds[2].GetDouble(), bounds[3].GetDouble());
            if (west is < -180 or > 180 || east is < -180 or > 180 || south is < -90 or > 90 || north is < -90 or > 90 || west >= east || south >= north)
            {
                Problem("bounds", BoundsMessage);
                return null;
            }

            return new GeoBounds(west, south, east, north);
        }

        private static JsonElement? Child(JsonElement parent, string name) =>
            parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

        /// <summary>A text field as written (trimmed); null when absent or not a text.</summary>
        private static string? Text(JsonElement parent, string name) =>
            parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()) ? value.GetString()!.Trim() : null;

        /// <summary>A whole number; null (the default is used) when absent or the schema refused it.</summary>
        private int? Int(JsonElement? parent, string path, string name) =>
            parent is { } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
                && !_schemaPaths.Contains($"{path}.{name}")
                ? number
                : null;

        private static T? Known<T>(string? name)
            where T : struct, Enum =>
            name is null ? null : Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => JsonName(v!.Value) == name);
    }
}
