namespace Dispatch.Tests.Shared;

/// <summary>Where tests/hub-client (the SignalR JS client run by node) is, from a test or benchmark output folder.</summary>
public static class HubClientFolder
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "hub-client");
            if (File.Exists(Path.Combine(candidate, "probe.mjs")))
            {
                return Directory.Exists(Path.Combine(candidate, "node_modules", "@microsoft", "signalr"))
                    ? candidate
                    : throw new InvalidOperationException($"The SignalR JS client is not installed in {candidate}. Run ./test.sh (it runs npm ci there).");
            }
        }

        throw new InvalidOperationException("tests/hub-client was not found above the output folder.");
    }
}
