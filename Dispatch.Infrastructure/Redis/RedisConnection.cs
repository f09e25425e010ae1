using System.Buffers;
using System.Net.Sockets;

namespace Dispatch.Infrastructure.Redis;

/// <summary>
/// One TCP connection to Redis. A pipeline writes all its commands in one write and then reads
/// one reply per command; pipelines take turns. Any I/O error, timeout or protocol violation
/// breaks the connection for good (the replies would be out of step): the owner makes a new one.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly RespReader _reader;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private volatile bool _broken;

    private RedisConnection(RedisOptions options, TcpClient tcp)
    {
        _options = options;
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new RespReader(_stream);
    }

    public bool IsBroken => _broken;

    public static async Task<RedisConnection> OpenAsync(RedisOptions options, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(options.ConnectTimeout);
                try
                {
                    await tcp.ConnectAsync(options.Host, options.Port, timeout.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new RedisConnectionException($"Redis at {options.Endpoint} did not accept a connection within {options.ConnectTimeout.TotalSeconds:0.#} s.");
                }
                catch (SocketException ex)
                {
                    throw new RedisConnectionException($"Redis at {options.Endpoint} is unavailable: {ex.SocketErrorCode}.", ex);
                }
            }

            var connection = new RedisConnection(options, tcp);
            List<RedisCommand> handshake = [];
            if (options.Password is not null)
            {
                handshake.Add(options.User is null ? new RedisCommand("AUTH", options.Password) : new RedisCommand("AUTH", options.User, options.Password));
            }

            if (options.Database != 0)
            {
                handshake.Add(new RedisCommand("SELECT", options.Database));
            }

            if (handshake.Count > 0)
            {
                var replies = await connection.ExecuteAsync(handshake, cancellationToken);
                for (var i = 0; i < replies.Count; i++)
                {
                    if (replies[i].Kind == RespKind.Error)
                    {
                        await connection.DisposeAsync();
                        throw new RedisConnectionException(handshake[i].Name == "AUTH"
                            ? $"Redis at {options.Endpoint} refused the credentials: {replies[i].Text}"
                            : $"Redis at {options.Endpoint} refused database {options.Database}: {replies[i].Text}");
                    }
                }
            }

            return connection;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Sends the commands in one write and returns their replies (error replies included, not thrown).</summary>
    public async Task<IReadOnlyList<RespValue>> ExecuteAsync(IReadOnlyList<RedisCommand> commands, CancellationToken cancellationToken)
    {
        if (_broken)
        {
            throw new RedisConnectionException($"The connection to Redis at {_options.Endpoint} is closed.");
        }

        var output = new ArrayBufferWriter<byte>(256 * commands.Count);
        foreach (var command in commands)
        {
            command.WriteTo(output);
        }

        await _turn.WaitAsync(cancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.CommandTimeout);
            try
            {
                await _stream.WriteAsync(output.WrittenMemory, timeout.Token);
                var replies = new RespValue[commands.Count];
                for (var i = 0; i < replies.Length; i++)
                {
                    replies[i] = await _reader.ReadAsync(timeout.Token);
                }

                return replies;
            }
            catch (Exception ex)
            {
                Break();
                throw Translate(ex, commands, cancellationToken);
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Reads the next pushed message (subscriber connections only), without a timeout.</summary>
    public async Task<RespValue> ReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _reader.ReadAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            Break();
            throw Translate(ex, [], cancellationToken);
        }
    }

    /// <summary>Writes commands without waiting for replies (subscriber connections: replies arrive as messages).</summary>
    public async Task SendAsync(IReadOnlyList<RedisCommand> commands, CancellationToken cancellationToken)
    {
        var output = new ArrayBufferWriter<byte>(128 * commands.Count);
        foreach (var command in commands)
        {
            command.WriteTo(output);
        }

        await _turn.WaitAsync(cancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.CommandTimeout);
            await _stream.WriteAsync(output.WrittenMemory, timeout.Token);
        }
        catch (Exception ex)
        {
            Break();
            throw Translate(ex, commands, cancellationToken);
        }
        finally
        {
            _turn.Release();
        }
    }

    private Exception Translate(Exception ex, IReadOnlyList<RedisCommand> commands, CancellationToken caller) => ex switch
    {
        OperationCanceledException when caller.IsCancellationRequested => ex,
        OperationCanceledException => new RedisConnectionException(
            $"Redis at {_options.Endpoint} did not answer {Describe(commands)} within {_options.CommandTimeout.TotalSeconds:0.#} s; the connection was dropped."),
        RedisConnectionException => ex,
        IOException or SocketException or ObjectDisposedException => new RedisConnectionException(
            $"The connection to Redis at {_options.Endpoint} broke: {ex.Message}", ex),
        _ => ex,
    };

    private static string Describe(IReadOnlyList<RedisCommand> commands) =>
        commands.Count switch { 0 => "a ping", 1 => commands[0].Name, _ => $"a pipeline of {commands.Count} commands" };

    private void Break()
    {
        _broken = true;
        _tcp.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Break();
        return ValueTask.CompletedTask;
    }
}
