using System.Globalization;
using System.Text;

namespace Dispatch.Infrastructure.Redis;

public enum RespKind
{
    SimpleString,
    Error,
    Number,
    BulkString,
    Array,
    Null,
}

/// <summary>One RESP2 reply. Bulk strings keep their bytes; the accessors decode and check.</summary>
public sealed class RespValue
{
    private RespValue(RespKind kind, byte[]? bytes = null, string? text = null, long number = 0, IReadOnlyList<RespValue>? items = null)
    {
        Kind = kind;
        Bytes = bytes;
        Text = text;
        Number = number;
        Items = items;
    }

    public static RespValue Null { get; } = new(RespKind.Null);

    public RespKind Kind { get; }

    public byte[]? Bytes { get; }

    /// <summary>The text of a simple string or an error.</summary>
    public string? Text { get; }

    public long Number { get; }

    public IReadOnlyList<RespValue>? Items { get; }

    public bool IsNull => Kind == RespKind.Null;

    public static RespValue Simple(string text) => new(RespKind.SimpleString, text: text);

    public static RespValue Error(string text) => new(RespKind.Error, text: text);

    public static RespValue Whole(long value) => new(RespKind.Number, number: value);

    public static RespValue Bulk(byte[] bytes) => new(RespKind.BulkString, bytes: bytes);

    public static RespValue Array(IReadOnlyList<RespValue> items) => new(RespKind.Array, items: items);

    /// <summary>The value as text (simple or bulk string, or an integer), or null for a null reply.</summary>
    public string? AsString() => Kind switch
    {
        RespKind.Null => null,
        RespKind.SimpleString or RespKind.Error => Text,
        RespKind.BulkString => Encoding.UTF8.GetString(Bytes!),
        RespKind.Number => Number.ToString(CultureInfo.InvariantCulture),
        _ => throw new RedisProtocolException($"Expected a string reply but got {Kind}."),
    };

    public long AsInteger() => Kind == RespKind.Number
        ? Number
        : throw new RedisProtocolException($"Expected an integer reply but got {Kind}.");

    public IReadOnlyList<RespValue> AsArray() => Kind switch
    {
        RespKind.Array => Items!,
        RespKind.Null => [],
        _ => throw new RedisProtocolException($"Expected an array reply but got {Kind}."),
    };

    public override string ToString() => Kind switch
    {
        RespKind.Array => $"[{string.Join(", ", Items!)}]",
        RespKind.Null => "(nil)",
        RespKind.Error => $"(error) {Text}",
        _ => AsString() ?? string.Empty,
    };
}
