using System.Globalization;
using System.Text.Json;
using Dispatch.Domain.Common;

namespace Dispatch.Web.Api;

/// <summary>
/// Reads a JSON object field by field, checking each value's type and collecting every problem
/// under the field's name as the caller spelled it (<c>parties[1].phone</c>), instead of stopping
/// at the first like a serializer does. Names match regardless of case.
/// </summary>
internal sealed class JsonFields
{
    private readonly JsonElement _object;
    private readonly string _prefix;
    private readonly FieldProblems _problems;

    private JsonFields(JsonElement @object, string prefix, FieldProblems problems)
    {
        _object = @object;
        _prefix = prefix;
        _problems = problems;
    }

    /// <summary>The body's top object, or null (with the problem recorded under "body") when it is not one.</summary>
    public static JsonFields? Root(JsonElement root, FieldProblems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add("body", "请求体应为一个 JSON 对象（以 { 开头），列出案件的各个字段。");
            return null;
        }

        return new JsonFields(root, string.Empty, problems);
    }

    public string? String(string name)
    {
        if (Find(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return Wrong(name, value, "文本（用双引号括起）");
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            _problems.Add(_prefix + name, "含有无法识别的字符（不是有效的 UTF-8 编码，或 \\u 转义不成对），请检查文字编码。");
            return null;
        }
    }

    public double? Number(string name)
    {
        if (Find(name) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : Wrong<double?>(name, value, "数字（不加引号，例如 38.9329）");
    }

    public DateTimeOffset? Time(string name)
    {
        if (Find(name) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var time)
            ? time
            : Wrong<DateTimeOffset?>(name, value, "ISO 8601 时间（例如 2026-11-28T09:30:00+08:00）");
    }

    /// <summary>The objects of an array field; a non-object element is a problem under its index.</summary>
    public IReadOnlyList<JsonFields?>? Objects(string name, int max)
    {
        if (Find(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return Wrong<IReadOnlyList<JsonFields?>>(name, value, "数组（用 [ ] 括起）");
        }

        var count = value.GetArrayLength();
        if (count > max)
        {
            _problems.Add(_prefix + name, $"最多 {max} 项（现为 {count} 项）。");
            return null;
        }

        var items = new List<JsonFields?>(count);
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var path = $"{_prefix}{name}[{index++}]";
            if (item.ValueKind == JsonValueKind.Object)
            {
                items.Add(new JsonFields(item, path + ".", _problems));
            }
            else
            {
                _problems.Add(path, $"应为一个对象（以 {{ 开头），现为{KindOf(item)}。");
                items.Add(null);
            }
        }

        return items;
    }

    private JsonElement? Find(string name)
    {
        foreach (var property in _object.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.Null ? null : property.Value;
            }
        }

        return null;
    }

    private string? Wrong(string name, JsonElement value, string expected) => Wrong<string>(name, value, expected);

    private T? Wrong<T>(string name, JsonElement value, string expected)
    {
        _problems.Add(_prefix + name, $"应为{expected}，现为{KindOf(value)}。");
        return default;
    }

    private static string KindOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "文本",
        JsonValueKind.Number => "数字 " + Guard.Quote(value.GetRawText()),
        JsonValueKind.True or JsonValueKind.False => "真假值 " + value.GetRawText(),
        JsonValueKind.Array => "数组",
        JsonValueKind.Object => "对象",
        _ => value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
