using Npgsql;

namespace Dispatch.TestSupport;

/// <summary>
/// A private PostgreSQL for one test run: initdb in a temp folder, a free loopback port, stopped
/// and deleted afterwards. When the server binaries are missing it fails with instructions
/// (never a silent skip: test.sh installs them, and CI must run these tests).
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _root;
    private readonly string _pgCtl;
    private readonly string _data;
    private readonly bool _asPostgresUser;
    private int _databases;

    public PostgresServer()
    {
        var initdb = ProcessRunner.FindExecutable("initdb", "/usr/lib/postgresql/*/bin")
            ?? throw new InvalidOperationException("PostgreSQL server binaries (initdb, pg_ctl) were not found. Run ./test.sh, which installs the Debian package 'postgresql'.");
        _pgCtl = Path.Combine(Path.GetDirectoryName(initdb)!, "pg_ctl");
        _root = Path.Combine(Path.GetTempPath(), $"dispatch-pg-{Guid.NewGuid():N}");
        _data = Path.Combine(_root, "data");
        Directory.CreateDirectory(_root);
        Port = FreePort.Next();

        // PostgreSQL refuses to run as root; on CI we are root, so run it as the 'postgres' user.
        _asPostgresUser = Environment.UserName == "root";
        if (_asPostgresUser)
        {
            ProcessRunner.Run("chown", ["-R", "postgres:postgres", _root]);
        }

        Run(initdb, ["-D", _data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        Run(_pgCtl, ["-D", _data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o",
            $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start"]);
        AdminConnectionString = $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";
    }

    public int Port { get; }

    public string AdminConnectionString { get; }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public string CreateDatabase(string? prefix = null)
    {
        var name = $"{prefix ?? "t"}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}".ToLowerInvariant();
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        command.ExecuteNonQuery();
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Include Error Detail=true";
    }

    public void Dispose()
    {
        try
        {
            Run(_pgCtl, ["-D", _data, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(_root, recursive: true);
        }
    }

    private void Run(string executable, string[] arguments)
    {
        if (_asPostgresUser)
        {
            ProcessRunner.Run("runuser", ["-u", "postgres", "--", executable, .. arguments]);
        }
        else
        {
            ProcessRunner.Run(executable, arguments);
        }
    }
}
