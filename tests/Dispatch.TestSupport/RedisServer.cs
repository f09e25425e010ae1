using System.Diagnostics;
using System.Net.Sockets;

namespace Dispatch.TestSupport;

/// <summary>
/// A private redis-server for one test class: a free loopback port, a temp folder, no
/// persistence, killed afterwards. It can be stopped and started again on the same port to
/// play an outage. When the binary is missing it fails with instructions (never a silent skip).
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly string _executable;
    private readonly string _root;
    private readonly string? _password;
    private Process? _process;

    public RedisServer()
    {
        _executable = ProcessRunner.FindExecutable("redis-server", "/usr/bin", "/usr/local/bin")
            ?? throw new InvalidOperationException("redis-server was not found. Run ./test.sh, which installs the Debian package 'redis-server'.");
        _root = Path.Combine(Path.GetTempPath(), $"dispatch-redis-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_root);
        Port = FreePort.Next();
        Start();
    }

    /// <summary>A server that requires <paramref name="password"/>.</summary>
    public static RedisServer WithPassword(string password) => new(password);

    private RedisServer(string password)
    {
        _executable = ProcessRunner.FindExecutable("redis-server", "/usr/bin", "/usr/local/bin")
            ?? throw new InvalidOperationException("redis-server was not found. Run ./test.sh, which installs the Debian package 'redis-server'.");
        _password = password;
        _root = Path.Combine(Path.GetTempPath(), $"dispatch-redis-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_root);
        Port = FreePort.Next();
        Start();
    }

    public int Port { get; }

    /// <summary>The value for <c>Redis:Configuration</c> (StackExchange.Redis syntax); short timeouts so outages show quickly in tests.</summary>
    public string Configuration =>
        $"127.0.0.1:{Port},connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000" + (_password is null ? string.Empty : $",password={_password}");

    public bool IsRunning => _process is { HasExited: false };

    public void Start()
    {
        if (IsRunning)
        {
            return;
        }

        var info = new ProcessStartInfo(_executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _root,
        };
        foreach (var argument in (string[])["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--dir", _root, "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"])
        {
            info.ArgumentList.Add(argument);
        }

        if (_password is not null)
        {
            info.ArgumentList.Add("--requirepass");
            info.ArgumentList.Add(_password);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("Could not start redis-server.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode} on port {Port}.");
            }

            try
            {
                using var probe = new TcpClient();
                probe.Connect("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new TimeoutException($"redis-server did not listen on port {Port} within 20 s.");
    }

    /// <summary>Kills the server at once (an outage, not a shutdown): open connections break.</summary>
    public void Stop()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }

            process.Dispose();
            _process = null;
        }
    }

    /// <summary>Process id while running, for CPU measurements.</summary>
    public int? ProcessId => IsRunning ? _process!.Id : null;

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
