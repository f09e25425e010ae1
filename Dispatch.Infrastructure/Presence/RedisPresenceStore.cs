using Dispatch.Domain.Presence;
using Dispatch.Infrastructure.Redis;
using Microsoft.Extensions.Logging;

namespace Dispatch.Infrastructure.Presence;

/// <summary>
/// Presence in Redis, shared by every app node. Keys (after the configured prefix, default
/// <c>dispatch:</c>):
/// <list type="bullet">
/// <item><c>presence:dept:{departmentId:N}</c> — a sorted set; member <c>{staffId:N}:{connection}</c>,
/// score = the moment (Unix ms, app clock) the entry stops counting. The key itself expires
/// twice the lifetime after the last beat, so a crashed node leaves nothing behind.</item>
/// </list>
/// A beat for any number of terminals is one round trip: one ZADD and one PEXPIRE per department.
/// Anything malformed found in a key (a foreign member, a key of the wrong type) is skipped or
/// cleared, never allowed to crash a page.
/// </summary>
public sealed class RedisPresenceStore(RedisClient redis, TimeProvider clock, ILogger<RedisPresenceStore> logger) : IPresenceStore
{
    private static readonly long KeyLifetimeMs = (long)(PresenceRules.Lifetime.TotalMilliseconds * 2);

    public string KeyOf(Guid departmentId) => redis.Key($"presence:dept:{departmentId:N}");

    public async Task BeatAsync(IReadOnlyCollection<PresenceBeat> beats, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(beats);
        if (beats.Count == 0)
        {
            return;
        }

        var until = (clock.GetUtcNow() + PresenceRules.Lifetime).ToUnixTimeMilliseconds();
        List<RedisCommand> commands = [];
        foreach (var department in beats.GroupBy(b => b.DepartmentId))
        {
            var key = KeyOf(department.Key);
            commands.Add(new RedisCommand("ZADD", [key, .. department.SelectMany(b => new object[] { until, b.Member })]));
            commands.Add(new RedisCommand("PEXPIRE", key, KeyLifetimeMs));
        }

        var replies = await Run(commands, cancellationToken);
        var broken = replies.Select((r, i) => (r, i)).Where(x => x.r.Kind == RespKind.Error).Select(x => (string)commands[x.i].Arguments[0]).Distinct().ToList();
        if (broken.Count > 0)
        {
            // Someone wrote something else under our key: clear it and beat again.
            logger.LogWarning("Presence keys {Keys} held foreign data and were cleared", string.Join(", ", broken));
            await Run([new RedisCommand("DEL", [.. broken]), .. commands], cancellationToken);
        }
    }

    public async Task LeaveAsync(IReadOnlyCollection<PresenceBeat> beats, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(beats);
        if (beats.Count == 0)
        {
            return;
        }

        await Run([.. beats.GroupBy(b => b.DepartmentId).Select(g => new RedisCommand("ZREM", [KeyOf(g.Key), .. g.Select(b => b.Member)]))], cancellationToken);
    }

    public async Task<IReadOnlyDictionary<Guid, IReadOnlySet<Guid>>> ReadAsync(IReadOnlyCollection<Guid> departmentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(departmentIds);
        var departments = departmentIds.Distinct().ToList();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        List<RedisCommand> commands = [];
        foreach (var department in departments)
        {
            var key = KeyOf(department);
            commands.Add(new RedisCommand("ZREMRANGEBYSCORE", key, "-inf", now));
            commands.Add(new RedisCommand("ZRANGEBYSCORE", key, $"({now}", "+inf"));
        }

        var replies = await Run(commands, cancellationToken);
        var result = new Dictionary<Guid, IReadOnlySet<Guid>>();
        for (var i = 0; i < departments.Count; i++)
        {
            var members = replies[(2 * i) + 1];
            if (members.Kind != RespKind.Array)
            {
                logger.LogWarning("Presence key {Key} answered {Reply}; counted as empty", KeyOf(departments[i]), members);
                result[departments[i]] = new HashSet<Guid>();
                continue;
            }

            result[departments[i]] = members.AsArray()
                .Select(m => m.Kind == RespKind.BulkString ? PresenceBeat.StaffOf(m.AsString()) : null)
                .OfType<Guid>()
                .ToHashSet();
        }

        return result;
    }

    private async Task<IReadOnlyList<RespValue>> Run(IReadOnlyList<RedisCommand> commands, CancellationToken cancellationToken)
    {
        try
        {
            return await redis.PipelineRawAsync(commands, idempotent: true, cancellationToken);
        }
        catch (RedisConnectionException ex)
        {
            throw new PresenceUnavailableException($"在岗信息暂不可用：{ex.Message}", ex);
        }
    }
}
