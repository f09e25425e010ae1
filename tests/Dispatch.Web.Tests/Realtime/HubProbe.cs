using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace Dispatch.Web.Tests.Realtime;

/// <summary>
/// The official SignalR JavaScript client (tests/hub-client/probe.mjs) run by node, signed in
/// as a user, speaking JSON lines. Node and the npm packages are required: ./test.sh installs
/// them; a missing one fails the test with instructions.
/// </summary>
internal sealed class HubProbe : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonElement> _lines = Channel.CreateUnbounded<JsonElement>();
    private readonly List<JsonElement> _notices = [];
    private readonly Dictionary<int, TaskCompletionSource<JsonElement>> _results = [];
    private readonly Task _pump;
    private int _nextId;

    private HubProbe(Process process)
    {
        _process = process;
        _pump = Task.Run(PumpAsync);
    }

    public IReadOnlyList<JsonElement> Notices
    {
        get
        {
            lock (_notices)
            {
                return [.. _notices];
            }
        }
    }

    public static async Task<HubProbe> ConnectAsync(Uri baseUrl, string userName, string password = "Dispatch@2026")
    {
        var folder = Dispatch.Tests.Shared.HubClientFolder.Find();
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "probe.mjs", baseUrl.ToString(), userName, password })
        {
            info.ArgumentList.Add(argument);
        }

        var probe = new HubProbe(Process.Start(info) ?? throw new InvalidOperationException("node could not be started."));
        var first = await probe.NextLineAsync(TimeSpan.FromSeconds(60));
        if (first.GetProperty("type").GetString() != "ready")
        {
            throw new InvalidOperationException($"The hub client for {userName} did not connect: {first}");
        }

        return probe;
    }

    /// <summary>Invokes a hub method; returns null on success or the error the server sent.</summary>
    public async Task<string?> InvokeAsync(string method, params object[] args)
    {
        var id = Interlocked.Increment(ref _nextId);
        var result = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_results)
        {
            _results[id] = result;
        }

        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new { id, method, args }));
        await _process.StandardInput.FlushAsync();
        var line = await result.Task.WaitAsync(TimeSpan.FromSeconds(15));
        return line.GetProperty("ok").GetBoolean() ? null : line.GetProperty("error").GetString();
    }

    public async Task<JsonElement> WaitForNoticeAsync(Func<JsonElement, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var hit = Notices.FirstOrDefault(match);
            if (hit.ValueKind != JsonValueKind.Undefined)
            {
                return hit;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"No matching notice within {timeout}; received: {string.Join(", ", Notices)}");
    }

    private async Task<JsonElement> NextLineAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await _lines.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // Stop node first: its error stream ends only when it exits, and reading a live
            // process's stream to the end would wait for ever (seen on a loaded CI machine).
            _process.Kill(entireProcessTree: true);
            var errors = await _process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "(no error output)", TaskScheduler.Default);
            throw new TimeoutException($"The hub client said nothing in {timeout}: {errors}");
        }
    }

    private async Task PumpAsync()
    {
        var first = true;
        while (await _process.StandardOutput.ReadLineAsync() is { } text)
        {
            var line = JsonDocument.Parse(text).RootElement.Clone();
            switch (line.GetProperty("type").GetString())
            {
                case "notice":
                    lock (_notices)
                    {
                        _notices.Add(line.GetProperty("notice"));
                    }

                    break;
                case "result":
                    lock (_results)
                    {
                        if (_results.Remove(line.GetProperty("id").GetInt32(), out var waiter))
                        {
                            waiter.SetResult(line);
                        }
                    }

                    break;
                default:
                    if (first)
                    {
                        await _lines.Writer.WriteAsync(line);
                    }

                    break;
            }

            first = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(3000))
            {
                _process.Kill(entireProcessTree: true);
            }

            await _pump.WaitAsync(TimeSpan.FromSeconds(3));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
