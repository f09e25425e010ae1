using Dispatch.Tests.Shared;
using Dispatch.TestSupport;
using Dispatch.Web.Realtime;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Realtime;

/// <summary>
/// Two nodes that start while Redis is down work alone, and once Redis is up the pages of one
/// hear the whistles of the other without a restart.
/// </summary>
public sealed class RedisDownAtStartTests : IDisposable
{
    private readonly RedisServer _redis = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"dispatch-redis-late-{Guid.NewGuid():N}");

    public RedisDownAtStartTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        _redis.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Nodes_started_while_redis_was_down_hear_each_other_once_it_is_up()
    {
        _redis.Stop();
        Dictionary<string, string?> shared = new()
        {
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(_root, "dispatch.db")}",
            ["Redis:Configuration"] = _redis.Configuration,
        };
        using var nodeA = DispatchWebFactory.WithRealServer(settings: shared);
        _ = nodeA.ServerAddress;
        using var nodeB = DispatchWebFactory.WithRealServer(settings: new Dictionary<string, string?>(shared) { ["Escalation:Enabled"] = "false", ["Jobs:Enabled"] = "false" });
        _ = nodeB.ServerAddress;
        var heard = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listening = nodeB.Services.GetRequiredService<LiveNotices>().Subscribe(notice =>
        {
            if (notice.Kind == NoticeKind.WhistleBlown && notice.WhistleId is { } id)
            {
                heard.TrySetResult(id);
            }

            return Task.CompletedTask;
        });

        _redis.Start();

        // Blow until node B hears one: the nodes reconnect with backoff, so the first may go out before B is subscribed again.
        var blown = new List<Guid>();
        for (var attempt = 0; attempt < 30 && !heard.Task.IsCompleted; attempt++)
        {
            blown.Add(await DemoActions.BlowAsync(nodeA.Services, "住建局", $"Redis 恢复后 {attempt}"));
            await Task.WhenAny(heard.Task, Task.Delay(1000));
        }

        heard.Task.IsCompleted.ShouldBeTrue("node B's pages heard a whistle blown on node A after Redis came up");
        blown.ShouldContain(await heard.Task);
    }
}
