using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Dispatch.Infrastructure.Persistence;

/// <summary>
/// Value objects stored as one JSON text column (the same column type on SQLite and PostgreSQL,
/// so one hand-written migration serves both).
/// </summary>
internal static class JsonColumn
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static ValueConverter<T, string> Converter<T>() =>
        new(v => JsonSerializer.Serialize(v, Options), s => JsonSerializer.Deserialize<T>(s, Options)!);

    public static ValueConverter<TModel, string> Converter<TModel, TStored>(Func<TModel, TStored> toStored, Func<TStored, TModel> fromStored) =>
        new(v => JsonSerializer.Serialize(toStored(v), Options), s => fromStored(JsonSerializer.Deserialize<TStored>(s, Options)!));

    /// <summary>Compares by serialized form, so in-place changes are noticed and snapshots are deep.</summary>
    public static ValueComparer<T> Comparer<T>(ValueConverter<T, string> converter)
    {
        var toText = converter.ConvertToProviderExpression.Compile();
        var fromText = converter.ConvertFromProviderExpression.Compile();
        return new ValueComparer<T>(
            (a, b) => toText(a!) == toText(b!),
            v => toText(v).GetHashCode(StringComparison.Ordinal),
            v => fromText(toText(v)));
    }
}
