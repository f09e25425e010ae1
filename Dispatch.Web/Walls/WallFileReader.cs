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

    private static readonly string[] RootFields = ["$schema", "title", "center", "canvas", "grid", "refresh", "tiles"];
    private static readonly string[] CommonTileFields = ["type", "title", "column", "row", "columnSpan", "rowSpan"];

    private static readonly Dictionary<WallTileType, string[]> TileFields = new()
    {
        [WallTileType.Kpi] = ["kpi", "period", "target", "green", "amber"],
        [WallTileType.WhistleFeed] = [],
        [WallTileType.DepartmentBoard] = [],
        [WallTileType.CategoryRisk] = ["top"],
        [WallTileType.Trend] = ["days"],
        [WallTileType.LevelDistribution] = ["period"],
        [WallTileType.TownshipMap] = ["map"],
        [WallTileType.Escalations] = [],
        [WallTileType.RiskWarnings] = [],
        [WallTileType.Clock] = [],
        [WallTileType.Video] = ["url", "kind", "caption"],
    };

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

    private sealed class Context(string file, JsonLines lines, Func<string, string?> readMap)
    {
        public List<WallProblem> Problems { get; } = [];

        private readonly Dictionary<string, TownshipMap> _maps = new(StringComparer.Ordinal);

        private void Problem(string path, string message) =>
            Problems.Add(new WallProblem(file, path.Length == 0 ? "（根）" : path, lines.Of(path), message));

        public WallLayout? ReadLayout(string name, JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Problem(string.Empty, "文件的最外层必须是一个对象 { … }。");
                return null;
            }

            RejectUnknown(root, string.Empty, RootFields);
            var title = String(root, string.Empty, "title", required: true, maxLength: 60) ?? name;
            var center = String(root, string.Empty, "center", required: true, maxLength: 8) ?? string.Empty;
            var canvas = new WallCanvas(1920, 1080);
            if (Object(root, "canvas", required: true) is { } c)
            {
                RejectUnknown(c, "canvas", ["width", "height"]);
                canvas = new WallCanvas(Integer(c, "canvas", "width", MinCanvas, MaxCanvas, required: true) ?? 1920, Integer(c, "canvas", "height", MinCanvas, MaxCanvas, required: true) ?? 1080);
            }

            var grid = new WallGrid(1, 1);
            if (Object(root, "grid", required: true) is { } g)
            {
                RejectUnknown(g, "grid", ["columns", "rows"]);
                grid = new WallGrid(Integer(g, "grid", "columns", 1, MaxGrid, required: true) ?? 1, Integer(g, "grid", "rows", 1, MaxGrid, required: true) ?? 1);
            }

            var refresh = new WallRefresh();
            if (Object(root, "refresh", required: false) is { } r)
            {
                RejectUnknown(r, "refresh", ["throttleMs", "rotateSeconds", "fullSeconds"]);
                refresh = new WallRefresh(
                    Integer(r, "refresh", "throttleMs", 100, 1000, required: false) ?? refresh.ThrottleMs,
                    Integer(r, "refresh", "rotateSeconds", 3, 300, required: false) ?? refresh.RotateSeconds,
                    Integer(r, "refresh", "fullSeconds", 10, 3600, required: false) ?? refresh.FullSeconds);
            }

            var tiles = new List<WallTile>();
            if (!root.TryGetProperty("tiles", out var tileArray))
            {
                Problem(string.Empty, "缺少字段「tiles」（大屏上的图块列表）。");
            }
            else if (tileArray.ValueKind != JsonValueKind.Array || tileArray.GetArrayLength() == 0)
            {
                Problem("tiles", "「tiles」必须是至少含一个图块的数组。");
            }
            else
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
            if (element.ValueKind != JsonValueKind.Object)
            {
                Problem(path, "每个图块必须是一个对象 { … }。");
                return null;
            }

            var typeName = String(element, path, "type", required: true, maxLength: 40);
            if (typeName is null)
            {
                return null;
            }

            if (!Enum.GetValues<WallTileType>().Any(t => JsonName(t) == typeName))
            {
                Problem($"{path}.type", $"未知的图块类型「{typeName}」。可用的类型：{string.Join("、", JsonNames<WallTileType>())}。");
                return null;
            }

            var type = Enum.GetValues<WallTileType>().First(t => JsonName(t) == typeName);
            RejectUnknown(element, path, [.. CommonTileFields, .. TileFields[type]]);
            var column = Integer(element, path, "column", 1, MaxGrid, required: true) ?? 1;
            var row = Integer(element, path, "row", 1, MaxGrid, required: true) ?? 1;
            var columnSpan = Integer(element, path, "columnSpan", 1, MaxGrid, required: false) ?? 1;
            var rowSpan = Integer(element, path, "rowSpan", 1, MaxGrid, required: false) ?? 1;
            if (column + columnSpan - 1 > grid.Columns)
            {
                Problem(path, $"图块超出网格：占第 {column}–{column + columnSpan - 1} 列，而网格只有 {grid.Columns} 列。");
            }

            if (row + rowSpan - 1 > grid.Rows)
            {
                Problem(path, $"图块超出网格：占第 {row}–{row + rowSpan - 1} 行，而网格只有 {grid.Rows} 行。");
            }

            var tile = new WallTile(index, type, column, row, columnSpan, rowSpan, String(element, path, "title", required: false, maxLength: 30));
            return type switch
            {
                WallTileType.Kpi => ReadKpi(element, path, tile),
                WallTileType.CategoryRisk => tile with { Top = Integer(element, path, "top", 1, 10, required: false) ?? 5 },
                WallTileType.Trend => tile with { Days = Integer(element, path, "days", 7, 90, required: false) ?? 30 },
                WallTileType.LevelDistribution => tile with { Period = Period(element, path) ?? WallPeriod.Month },
                WallTileType.TownshipMap => ReadMapTile(element, path, tile),
                WallTileType.Video => ReadVideo(element, path, tile),
                _ => tile,
            };
        }

        private WallTile ReadKpi(JsonElement element, string path, WallTile tile)
        {
            var name = String(element, path, "kpi", required: true, maxLength: 40);
            WallKpi? kpi = null;
            if (name is not null)
            {
                kpi = Enum.GetValues<WallKpi>().Cast<WallKpi?>().FirstOrDefault(k => JsonName(k!.Value) == name);
                if (kpi is null)
                {
                    Problem($"{path}.kpi", $"未知的指标「{name}」。可用的指标：{string.Join("、", JsonNames<WallKpi>())}。");
                }
            }

            var isTime = kpi is WallKpi.AcknowledgementMedian or WallKpi.AcknowledgementP90;
            var (min, max, unit) = isTime ? (0.0, 1440.0, "分钟") : (0.0, 100.0, "%");
            var target = Number(element, path, "target", min, max, unit);
            var green = Number(element, path, "green", min, max, unit);
            var amber = Number(element, path, "amber", min, max, unit);
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

            return tile with { Kpi = kpi, Threshold = threshold, Period = Period(element, path) ?? WallPeriod.Month };
        }

        private WallTile ReadMapTile(JsonElement element, string path, WallTile tile)
        {
            var mapFile = String(element, path, "map", required: true, maxLength: 200);
            if (mapFile is null)
            {
                return tile;
            }

            if (mapFile.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(mapFile) || !mapFile.EndsWith(".json", StringComparison.Ordinal))
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
                Problem(string.Empty, "地图文件的最外层必须是一个对象 { … }。");
                return null;
            }

            RejectUnknown(root, string.Empty, ["$schema", "viewBox", "bounds", "areas"]);
            var viewBox = String(root, string.Empty, "viewBox", required: true, maxLength: 60);
            if (viewBox is not null && viewBox.Split(' ', StringSplitOptions.RemoveEmptyEntries) is var parts && (parts.Length != 4 || !parts.All(p => double.TryParse(p, System.Globalization.CultureInfo.InvariantCulture, out _))))
            {
                Problem("viewBox", $"viewBox「{viewBox}」须是四个数字，如 \"0 0 1000 640\"。");
            }

            var areas = new List<TownshipArea>();
            if (!root.TryGetProperty("areas", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
            {
                Problem(string.Empty, "缺少「areas」（各乡镇的轮廓）或它是空的。");
            }
            else
            {
                var index = 0;
                foreach (var area in array.EnumerateArray())
                {
                    var path = $"areas[{index++}]";
                    if (area.ValueKind != JsonValueKind.Object)
                    {
                        Problem(path, "每个区域必须是一个对象 { … }。");
                        continue;
                    }

                    RejectUnknown(area, path, ["center", "name", "path", "label"]);
                    var center = String(area, path, "center", required: true, maxLength: 8);
                    var name = String(area, path, "name", required: true, maxLength: 30);
                    var outline = String(area, path, "path", required: true, maxLength: 20000);
                    if (outline is not null && !outline.TrimStart().StartsWith('M'))
                    {
                        Problem($"{path}.path", "轮廓须是以 M 开头的 SVG 路径。");
                    }

                    double x = 0, y = 0;
                    if (!area.TryGetProperty("label", out var label) || label.ValueKind != JsonValueKind.Array || label.GetArrayLength() != 2
                        || !label[0].TryGetDouble(out x) || !label[1].TryGetDouble(out y))
                    {
                        Problem($"{path}.label", "缺少「label」或格式不对：须是标注位置 [x, y]。");
                    }

                    if (center is not null && name is not null && outline is not null)
                    {
                        areas.Add(new TownshipArea(center.ToUpperInvariant(), name, outline, x, y));
                    }
                }
            }

            return viewBox is null ? null : new TownshipMap(viewBox, areas) { Bounds = ReadBounds(root) };
        }

        private GeoBounds? ReadBounds(JsonElement root)
        {
            if (!root.TryGetProperty("bounds", out var bounds))
            {
                return null;
            }

            double west = 0, south = 0, east = 0, north = 0;
            if (bounds.ValueKind != JsonValueKind.Array || bounds.GetArrayLength() != 4
                || !bounds[0].TryGetDouble(out west) || !bounds[1].TryGetDouble(out south) || !bounds[2].TryGetDouble(out east) || !bounds[3].TryGetDouble(out north)
                || west is < -180 or > 180 || east is < -180 or > 180 || south is < -90 or > 90 || north is < -90 or > 90 || west >= east || south >= north)
            {
                Problem("bounds", "「bounds」须是地图四至 [西经度, 南纬度, 东经度, 北纬度]，如 [100.15, 38.80, 100.75, 39.11]，且西小于东、南小于北。");
                return null;
            }

            return new GeoBounds(west, south, east, north);
        }

        private WallTile ReadVideo(JsonElement element, string path, WallTile tile)
        {
            var url = String(element, path, "url", required: true, maxLength: 500);
            if (url is not null && !url.StartsWith('/') && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                Problem($"{path}.url", $"视频地址「{url}」须是 http(s):// 开头的地址或以 / 开头的站内路径。");
            }

            var kindName = String(element, path, "kind", required: false, maxLength: 20);
            var kind = WallVideoKind.Image;
            if (kindName is not null)
            {
                if (Enum.GetValues<WallVideoKind>().Cast<WallVideoKind?>().FirstOrDefault(k => JsonName(k!.Value) == kindName) is { } known)
                {
                    kind = known;
                }
                else
                {
                    Problem($"{path}.kind", $"未知的视频类型「{kindName}」。可用：image（图片或 MJPEG 流）、video（视频文件或流）。");
                }
            }

            return tile with { Url = url, VideoKind = kind, Caption = String(element, path, "caption", required: false, maxLength: 40) };
        }

        private WallPeriod? Period(JsonElement element, string path)
        {
            var name = String(element, path, "period", required: false, maxLength: 20);
            if (name is null)
            {
                return null;
            }

            if (Enum.GetValues<WallPeriod>().Cast<WallPeriod?>().FirstOrDefault(p => JsonName(p!.Value) == name) is { } period)
            {
                return period;
            }

            Problem($"{path}.period", $"未知的统计周期「{name}」。可用：today（今日）、week（近7日）、month（近30日）、year（近365日）。");
            return null;
        }

        private void RejectUnknown(JsonElement element, string path, string[] known)
        {
            foreach (var property in element.EnumerateObject().Where(p => !known.Contains(p.Name)))
            {
                var where = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                Problem(where, $"未知的字段「{property.Name}」（拼写错误？）。此处可用：{string.Join("、", known.Where(k => k != "$schema"))}。");
            }
        }

        private JsonElement? Object(JsonElement parent, string name, bool required)
        {
            if (!parent.TryGetProperty(name, out var value))
            {
                if (required)
                {
                    Problem(string.Empty, $"缺少字段「{name}」。");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                Problem(name, $"「{name}」必须是一个对象 {{ … }}。");
                return null;
            }

            return value;
        }

        private string? String(JsonElement parent, string path, string name, bool required, int maxLength)
        {
            var where = path.Length == 0 ? name : $"{path}.{name}";
            if (!parent.TryGetProperty(name, out var value))
            {
                if (required)
                {
                    Problem(path, $"缺少字段「{name}」。");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                Problem(where, $"「{name}」必须是非空的文字（带引号）。");
                return null;
            }

            var text = value.GetString()!.Trim();
            if (text.Length > maxLength)
            {
                Problem(where, $"「{name}」太长：最多 {maxLength} 个字符。");
                return null;
            }

            return text;
        }

        private int? Integer(JsonElement parent, string path, string name, int min, int max, bool required)
        {
            var where = path.Length == 0 ? name : $"{path}.{name}";
            if (!parent.TryGetProperty(name, out var value))
            {
                if (required)
                {
                    Problem(path, $"缺少字段「{name}」。");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            {
                Problem(where, $"「{name}」必须是整数。");
                return null;
            }

            if (number < min || number > max)
            {
                Problem(where, $"「{name}」为 {number}，须在 {min} 到 {max} 之间。");
                return null;
            }

            return number;
        }

        private double? Number(JsonElement parent, string path, string name, double min, double max, string unit)
        {
            var where = $"{path}.{name}";
            if (!parent.TryGetProperty(name, out var value))
            {
                Problem(path, $"缺少字段「{name}」（单位：{unit}）。");
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
            {
                Problem(where, $"「{name}」必须是数字（单位：{unit}）。");
                return null;
            }

            if (number < min || number > max)
            {
                Problem(where, $"「{name}」为 {number}，须在 {min} 到 {max} {unit}之间。");
                return null;
            }

            return number;
        }
    }
}
