using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Dispatch.Infrastructure.Redis;

/// <summary>A command: its name and arguments, as RESP bulk strings.</summary>
public sealed class RedisCommand
{
    public RedisCommand(string name, params object[] arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(arguments);
        Name = name;
        Arguments = arguments;
    }

    public string Name { get; }

    public IReadOnlyList<object> Arguments { get; }

    public override string ToString() => Name;

    /// <summary>Appends the command as a RESP array of bulk strings.</summary>
    internal void WriteTo(ArrayBufferWriter<byte> output)
    {
        WriteHeader(output, (byte)'*', Arguments.Count + 1);
        WriteBulk(output, Encoding.UTF8.GetBytes(Name));
        foreach (var argument in Arguments)
        {
            WriteBulk(output, argument switch
            {
                byte[] bytes => bytes,
                string text => Encoding.UTF8.GetBytes(text),
                long number => Ascii(number),
                int number => Ascii(number),
                double number => Encoding.ASCII.GetBytes(number.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
                _ => throw new ArgumentException($"Redis argument of type {argument?.GetType().Name ?? "null"} is not supported.", nameof(output)),
            });
        }
    }

    private static byte[] Ascii(long number)
    {
        Span<byte> digits = stackalloc byte[24];
        Utf8Formatter.TryFormat(number, digits, out var written);
        return digits[..written].ToArray();
    }

    private static void WriteHeader(ArrayBufferWriter<byte> output, byte prefix, long length)
    {
        var span = output.GetSpan(32);
        span[0] = prefix;
        Utf8Formatter.TryFormat(length, span[1..], out var written);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        output.Advance(written + 3);
    }

    private static void WriteBulk(ArrayBufferWriter<byte> output, byte[] bytes)
    {
        WriteHeader(output, (byte)'$', bytes.Length);
        output.Write(bytes);
        output.Write("\r\n"u8);
    }
}

/// <summary>
/// Reads RESP2 replies from a stream with hard limits, so a hostile or broken server (or a
/// connection cut mid-reply) gives a clear exception instead of a hang or a huge allocation.
/// </summary>
internal sealed class RespReader(Stream stream)
{
    public const int MaxBulkLength = 16 * 1024 * 1024;
    public const int MaxArrayLength = 1_000_000;
    public const int MaxLineLength = 64 * 1024;
    public const int MaxDepth = 8;

    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private bool _replyStarted;

    public ValueTask<RespValue> ReadAsync(CancellationToken cancellationToken)
    {
        _replyStarted = false;
        return ReadValueAsync(0, cancellationToken);
    }

    private async ValueTask<RespValue> ReadValueAsync(int depth, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        _replyStarted = true;
        if (line.Length == 0)
        {
            throw new RedisProtocolException("Redis sent an empty line where a reply was expected.");
        }

        var rest = line[1..];
        switch (line[0])
        {
            case '+':
                return RespValue.Simple(rest);
            case '-':
                return RespValue.Error(rest);
            case ':':
                return RespValue.Whole(ParseLength(rest, "integer", long.MinValue, long.MaxValue));
            case '$':
            {
                var length = ParseLength(rest, "bulk length", -1, MaxBulkLength);
                if (length == -1)
                {
                    return RespValue.Null;
                }

                var bytes = await ReadExactAsync((int)length, cancellationToken);
                var end = await ReadExactAsync(2, cancellationToken);
                if (end[0] != '\r' || end[1] != '\n')
                {
                    throw new RedisProtocolException("Redis sent a bulk string that does not end with CRLF.");
                }

                return RespValue.Bulk(bytes);
            }

            case '*':
            {
                var count = ParseLength(rest, "array length", -1, MaxArrayLength);
                if (count == -1)
                {
                    return RespValue.Null;
                }

                if (depth >= MaxDepth)
                {
                    throw new RedisProtocolException($"Redis sent arrays nested deeper than {MaxDepth}.");
                }

                var items = new RespValue[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = await ReadValueAsync(depth + 1, cancellationToken);
                }

                return RespValue.Array(items);
            }

            default:
                throw new RedisProtocolException($"Redis sent an unknown reply type '{Printable(line[0])}'.");
        }
    }

    private static long ParseLength(string text, string what, long min, long max)
    {
        if (!long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            throw new RedisProtocolException($"Redis sent a malformed {what}: '{Truncate(text)}'.");
        }

        if (value < min || value > max)
        {
            throw new RedisProtocolException($"Redis sent a {what} of {value}, outside the allowed {min}..{max}.");
        }

        return value;
    }

    private async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var scanned = _start;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', scanned, _end - scanned);
            if (newline >= 0)
            {
                if (newline == _start || _buffer[newline - 1] != '\r')
                {
                    throw new RedisProtocolException("Redis sent a line that does not end with CRLF.");
                }

                var line = Encoding.UTF8.GetString(_buffer, _start, newline - 1 - _start);
                _start = newline + 1;
                return line;
            }

            scanned = _end;
            if (_end - _start >= MaxLineLength)
            {
                throw new RedisProtocolException($"Redis sent a line longer than {MaxLineLength} bytes.");
            }

            var offset = _start;
            await FillAsync(cancellationToken);
            scanned -= offset - _start;
        }
    }

    private async ValueTask<byte[]> ReadExactAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var copied = 0;
        while (copied < count)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken);
            }

            var take = Math.Min(count - copied, _end - _start);
            Buffer.BlockCopy(_buffer, _start, result, copied, take);
            _start += take;
            copied += take;
        }

        return result;
    }

    /// <summary>Reads more bytes, compacting (or growing, up to the line limit) the buffer first.</summary>
    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxLineLength + 2));
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
        {
            throw new RedisConnectionException(_replyStarted || _end > 0
                ? "Redis closed the connection in the middle of a reply."
                : "Redis closed the connection.");
        }

        _end += read;
    }

    private static string Printable(char c) => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString();

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
