using System.Text;
using System.Text.Json;

namespace Dispatch.Web.Walls;

/// <summary>
/// The line on which each value of a JSON text starts, by path ("tiles[3].kpi"), so a problem
/// found after parsing can still say where it is. Comments and trailing commas are allowed, as
/// in the wall files.
/// </summary>
public sealed class JsonLines
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private JsonLines()
    {
    }

    public int? Of(string path) => _lines.TryGetValue(path, out var line) ? line : null;

    /// <summary>Reads the text's structure; call only on text that parses.</summary>
    public static JsonLines Read(string json)
    {
        var map = new JsonLines();
        var bytes = Encoding.UTF8.GetBytes(json);
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        int LineOf(long offset)
        {
            var index = lineStarts.BinarySearch((int)offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });

        // Each open container: its path and, for arrays, the index of the next element.
        var stack = new Stack<(string Path, int NextIndex, bool IsArray)>();
        string? pendingProperty = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var parent = stack.Peek().Path;
                    pendingProperty = parent.Length == 0 ? reader.GetString()! : $"{parent}.{reader.GetString()}";
                    map._lines.TryAdd(pendingProperty, LineOf(reader.TokenStartIndex));
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    stack.Pop();
                    continue;
            }

            var path = ValuePath(stack, ref pendingProperty);
            map._lines.TryAdd(path, LineOf(reader.TokenStartIndex));
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                stack.Push((path, 0, reader.TokenType == JsonTokenType.StartArray));
            }
        }

        return map;
    }

    private static string ValuePath(Stack<(string Path, int NextIndex, bool IsArray)> stack, ref string? pendingProperty)
    {
        if (stack.Count == 0)
        {
            return string.Empty;
        }

        if (stack.Peek().IsArray)
        {
            var (path, next, _) = stack.Pop();
            stack.Push((path, next + 1, true));
            return $"{path}[{next}]";
        }

        var property = pendingProperty ?? string.Empty;
        pendingProperty = null;
        return property;
    }
}
