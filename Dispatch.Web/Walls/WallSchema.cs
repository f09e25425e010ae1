using System.Globalization;
using System.Text.Json;
using Json.Schema;

namespace Dispatch.Web.Walls;

/// <summary>
/// A wall file format (wall.schema.json, map.schema.json — the files editors check against,
/// compiled into the app) checked with JsonSchema.Net. Every failed keyword becomes a problem at
/// its JSON path, in the clerk's words: the field, what it must be, and what is allowed there,
/// read from the schema itself (its properties, enums and limits).
/// </summary>
public sealed class WallSchema
{
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };

    /// <summary>What a period or a video kind means, for the list of allowed values.</summary>
    private static readonly Dictionary<string, string> Hints = new(StringComparer.Ordinal)
    {
        ["today"] = "今日", ["week"] = "近7日", ["month"] = "近30日", ["year"] = "近365日",
        ["image"] = "图片或 MJPEG 流", ["video"] = "视频文件或流",
    };

    private readonly JsonSchema _schema;
    private readonly JsonDocument _raw;
    private readonly bool _isMap;

    private WallSchema(string resource, bool isMap)
    {
        using var stream = typeof(WallSchema).Assembly.GetManifestResourceStream($"Dispatch.Web.Walls.{resource}")
            ?? throw new InvalidOperationException($"The schema {resource} is not embedded in Dispatch.Web.");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        _raw = JsonDocument.Parse(text);
        _schema = JsonSchema.FromText(text);
        _isMap = isMap;
    }

    public static WallSchema Wall { get; } = new("wall.schema.json", isMap: false);

    public static WallSchema Map { get; } = new("map.schema.json", isMap: true);

    /// <summary>Every problem the schema finds, as (path like "tiles[1].kpi", message); none when the file conforms.</summary>
    public IReadOnlyList<(string Path, string Message)> Check(JsonElement root)
    {
        var results = _schema.Evaluate(root, Options);
        if (results.IsValid)
        {
            return [];
        }

        var problems = new List<(string, string)>();
        foreach (var detail in results.Details ?? [])
        {
            var evaluationPath = Segments(detail.EvaluationPath.ToString());

            // An "if" that does not match is how a tile picks its branch, not a mistake.
            if (detail.IsValid || detail.Errors is not { Count: > 0 } || evaluationPath.Contains("if"))
            {
                continue;
            }

            var instancePath = Segments(detail.InstanceLocation.ToString());
            foreach (var keyword in detail.Errors.Keys)
            {
                foreach (var problem in Describe(keyword, root, instancePath, evaluationPath))
                {
                    if (!problems.Contains(problem))
                    {
                        problems.Add(problem);
                    }
                }
            }
        }

        return problems;
    }

    private IEnumerable<(string Path, string Message)> Describe(string keyword, JsonElement root, List<string> at, List<string> evaluationPath)
    {
        var node = Resolve(evaluationPath);
        var instance = Find(root, at);
        var path = Join(at);
        var name = at.LastOrDefault(s => !IsIndex(s)) ?? string.Empty;

        // Fields whose every fault reads one way, wherever inside them it is.
        if (Special(at) is { } special)
        {
            yield return special;
            yield break;
        }

        switch (keyword)
        {
            case "required":
                foreach (var missing in node?.GetProperty("required").EnumerateArray().Select(r => r.GetString()!) ?? [])
                {
                    if (instance is { ValueKind: JsonValueKind.Object } o && !o.TryGetProperty(missing, out _))
                    {
                        yield return Special([.. at, missing]) is { } field && _isMap ? field : (path, Missing(missing, instance.Value));
                    }
                }

                break;
            case "":
                // additionalProperties: false — the property at this path is not one of its object's.
                var known = evaluationPath.Count > 0 ? Resolve(evaluationPath[..^1]) : null;
                var names = known is { } k && k.TryGetProperty("properties", out var properties)
                    ? properties.EnumerateObject().Select(p => p.Name).Where(n => n != "$schema")
                    : [];
                yield return (path, $"未知的字段「{name}」（拼写错误？）。此处可用：{string.Join("、", names)}。");
                break;
            case "type":
                yield return (path, TypeMessage(node?.GetProperty("type").GetString(), at, name, Parent(root, at)));
                break;
            case "minLength":
            case "pattern" when node?.GetProperty("pattern").GetString() == "\\S":
                yield return (path, $"「{name}」必须是非空的文字（带引号）。");
                break;
            case "pattern":
                yield return (path, PatternMessage(name, instance?.GetString() ?? string.Empty));
                break;
            case "maxLength":
                yield return (path, $"「{name}」太长：最多 {node?.GetProperty("maxLength").GetInt32()} 个字符。");
                break;
            case "minimum" or "maximum":
                var value = instance?.GetRawText();
                yield return (path, node is { } n && n.TryGetProperty("maximum", out var max)
                    ? $"「{name}」为 {value}，须在 {n.GetProperty("minimum").GetRawText()} 到 {max.GetRawText()} 之间。"
                    : $"「{name}」为 {value}，不能小于 {node?.GetProperty("minimum").GetRawText()}{(Unit(name, Parent(root, at)) is { } unit ? " " + unit : string.Empty)}。");
                break;
            case "enum":
                yield return (path, instance is { ValueKind: JsonValueKind.String } text
                    ? EnumMessage(name, text.GetString()!, node?.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!) ?? [])
                    : $"「{name}」必须是非空的文字（带引号）。");
                break;
            case "minItems" or "maxItems" when name == "tiles":
                yield return (path, "「tiles」必须是至少含一个图块的数组。");
                break;
            default:
                yield return (path, $"「{name}」不符合格式要求（{keyword}）。");
                break;
        }
    }

    /// <summary>Map fields with one message for every fault: areas, label, bounds.</summary>
    private (string, string)? Special(List<string> at)
    {
        if (!_isMap || at.Count == 0)
        {
            return null;
        }

        return at[0] switch
        {
            "areas" when at.Count <= 1 => (string.Empty, "缺少「areas」（各乡镇的轮廓）或它是空的。"),
            "areas" when at.Count >= 3 && at[2] == "label" => (Join(at[..3]), "缺少「label」或格式不对：须是标注位置 [x, y]。"),
            "bounds" => ("bounds", WallFileReader.BoundsMessage),
            _ => null,
        };
    }

    private static string Missing(string field, JsonElement parent) => field switch
    {
        "tiles" => "缺少字段「tiles」（大屏上的图块列表）。",
        _ when Unit(field, parent) is { } unit => $"缺少字段「{field}」（单位：{unit}）。",
        _ => $"缺少字段「{field}」。",
    };

    private string TypeMessage(string? type, List<string> at, string name, JsonElement? parent)
    {
        if (at.Count == 0)
        {
            return _isMap ? "地图文件的最外层必须是一个对象 { … }。" : "文件的最外层必须是一个对象 { … }。";
        }

        if (IsIndex(at[^1]))
        {
            return name == "areas" ? "每个区域必须是一个对象 { … }。" : "每个图块必须是一个对象 { … }。";
        }

        return type switch
        {
            "string" => $"「{name}」必须是非空的文字（带引号）。",
            "integer" => $"「{name}」必须是整数。",
            "number" => Unit(name, parent) is { } unit ? $"「{name}」必须是数字（单位：{unit}）。" : $"「{name}」必须是数字。",
            "array" when name == "tiles" => "「tiles」必须是至少含一个图块的数组。",
            "object" => $"「{name}」必须是一个对象 {{ … }}。",
            _ => $"「{name}」的类型不对，应为 {type}。",
        };
    }

    private static string PatternMessage(string name, string value) => name switch
    {
        "map" => $"地图文件「{value}」须是 wall-config 目录内的 .json 文件（如 maps/ganzhou.json）。",
        "url" => $"视频地址「{value}」须是 http(s):// 开头的地址或以 / 开头的站内路径。",
        "viewBox" => $"viewBox「{value}」须是四个数字，如 \"0 0 1000 640\"。",
        "path" => "轮廓须是以 M 开头的 SVG 路径。",
        _ => $"「{name}」的格式不对。",
    };

    private static string EnumMessage(string name, string value, IEnumerable<string> allowed) => name switch
    {
        "type" => $"未知的图块类型「{value}」。可用的类型：{string.Join("、", allowed)}。",
        "kpi" => $"未知的指标「{value}」。可用的指标：{string.Join("、", allowed)}。",
        "period" => $"未知的统计周期「{value}」。可用：{string.Join("、", allowed.Select(a => Hints.TryGetValue(a, out var hint) ? $"{a}（{hint}）" : a))}。",
        "kind" => $"未知的视频类型「{value}」。可用：{string.Join("、", allowed.Select(a => Hints.TryGetValue(a, out var hint) ? $"{a}（{hint}）" : a))}。",
        _ => $"「{name}」的值「{value}」不在可选范围内：{string.Join("、", allowed)}。",
    };

    /// <summary>A KPI tile's thresholds are in minutes for the acknowledgement times, in percent for the rates.</summary>
    internal static string? Unit(string field, JsonElement? tile) =>
        field is "target" or "green" or "amber"
            ? tile is { ValueKind: JsonValueKind.Object } t && t.TryGetProperty("kpi", out var kpi) && kpi.ValueKind == JsonValueKind.String && kpi.GetString()!.StartsWith("acknowledgement", StringComparison.Ordinal) ? "分钟" : "%"
            : null;

    /// <summary>The schema object an evaluation path ends at, following $ref; path steps the library adds of its own are passed over.</summary>
    private JsonElement? Resolve(IEnumerable<string> evaluationPath)
    {
        var node = _raw.RootElement;
        foreach (var segment in evaluationPath)
        {
            if (segment == "$ref" && node.ValueKind == JsonValueKind.Object && node.TryGetProperty("$ref", out var reference))
            {
                node = Find(_raw.RootElement, Segments(reference.GetString()!.TrimStart('#'))) ?? node;
            }
            else if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty(segment, out var child))
            {
                node = child;
            }
            else if (node.ValueKind == JsonValueKind.Array && int.TryParse(segment, CultureInfo.InvariantCulture, out var index) && index < node.GetArrayLength())
            {
                node = node[index];
            }
        }

        return node;
    }

    private static JsonElement? Find(JsonElement root, IEnumerable<string> path)
    {
        var node = root;
        foreach (var segment in path)
        {
            if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty(segment, out var child))
            {
                node = child;
            }
            else if (node.ValueKind == JsonValueKind.Array && int.TryParse(segment, CultureInfo.InvariantCulture, out var index) && index < node.GetArrayLength())
            {
                node = node[index];
            }
            else
            {
                return null;
            }
        }

        return node;
    }

    private static JsonElement? Parent(JsonElement root, List<string> at) => at.Count == 0 ? null : Find(root, at[..^1]);

    private static List<string> Segments(string pointer) =>
        [.. pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    private static bool IsIndex(string segment) => segment.Length > 0 && segment.All(char.IsAsciiDigit);

    /// <summary>"tiles/1/kpi" as the problems show it: tiles[1].kpi.</summary>
    private static string Join(List<string> segments)
    {
        var text = new System.Text.StringBuilder();
        foreach (var segment in segments)
        {
            if (IsIndex(segment))
            {
                text.Append('[').Append(segment).Append(']');
            }
            else
            {
                text.Append(text.Length == 0 ? string.Empty : ".").Append(segment);
            }
        }

        return text.ToString();
    }
}
