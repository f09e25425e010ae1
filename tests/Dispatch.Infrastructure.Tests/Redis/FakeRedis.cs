using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dispatch.Infrastructure.Tests.Redis;

/// <summary>
/// A TCP server that plays a script per accepted connection: read one command, then write
/// whatever bytes the script says (a truncated reply, garbage, nothing) and maybe hang up.
/// </summary>
internal sealed class FakeRedis : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Queue<Func<NetworkStream, Task>> _scripts = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;

    public FakeRedis(params Func<NetworkStream, Task>[] scripts)
    {
        foreach (var script in scripts)
        {
            _scripts.Enqueue(script);
        }

        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public string Configuration => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port},connectTimeout=1000,syncTimeout=1000,maxBackoff=50";

    /// <summary>Reads one command (a RESP array of bulk strings) and replies with <paramref name="reply"/>.</summary>
    public static Func<NetworkStream, Task> Answer(string reply, bool hangUp = false) => async stream =>
    {
        await ReadCommandAsync(stream);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(reply));
        await stream.FlushAsync();
        if (hangUp)
        {
            stream.Close();
        }
    };

    /// <summary>Reads commands and never answers.</summary>
    public static Func<NetworkStream, Task> Silence => async stream =>
    {
        await ReadCommandAsync(stream);
        await Task.Delay(Timeout.Infinite);
    };

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_clients)
            {
                _clients.Add(client);
            }

            Func<NetworkStream, Task>? script;
            lock (_scripts)
            {
                _scripts.TryDequeue(out script);
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await (script ?? Answer("+OK\r\n"))(client.GetStream());
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException)
                {
                    // The client went away; that is what some tests want.
                }
            });
        }
    }

    private static async Task ReadCommandAsync(NetworkStream stream)
    {
        // Good enough for the tests: the first read holds the whole small command.
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer);
        if (read == 0)
        {
            throw new IOException("client closed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        await _accepting;
        _stop.Dispose();
    }
}
