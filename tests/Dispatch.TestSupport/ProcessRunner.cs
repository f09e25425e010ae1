using System.Diagnostics;

namespace Dispatch.TestSupport;

internal static class ProcessRunner
{
    public static string Run(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in time.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        }

        return stdout.Result;
    }

    /// <summary>
    /// Looks for <paramref name="name"/> on PATH, then in <paramref name="patterns"/> such as
    /// <c>/usr/lib/postgresql/*/bin</c> (one <c>*</c>, newest version first).
    /// </summary>
    public static string? FindExecutable(string name, params string[] patterns)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var pattern in patterns)
        {
            var star = pattern.IndexOf('*', StringComparison.Ordinal);
            if (star < 0)
            {
                dirs.Add(pattern);
                continue;
            }

            var parent = pattern[..star];
            if (Directory.Exists(parent))
            {
                var rest = pattern[(star + 1)..].TrimStart('/');
                dirs.AddRange(Directory.GetDirectories(parent).OrderDescending().Select(d => Path.Combine(d, rest)));
            }
        }

        return dirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }
}
