using Dispatch.Domain.Presence;
using Dispatch.Infrastructure.ScaleOut;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Dispatch.Infrastructure.Presence;

/// <summary>
/// Presence in Redis, shared by every app node. Keys (after the configured prefix, default
/// <c>dispatch:</c>):
/// <list type="bullet">
/// <item><c>presence:dept:{departmentId:N}</c> — a sorted set; member <c>{staffId:N}:{connection}</c>,
/// score = the moment (Unix ms, app clock) the entry stops counting. The key itself expires
/// twice the lifetime after the last beat, so a crashed node leaves nothing behind.</item>
/// </list>
/// A beat for any number of terminals is one pipelined batch: one ZADD and one PEXPIRE per
/// department. Anything malformed found in a key (a foreign member, a key of the wrong type) is
/// skipped or cleared, never allowed to crash a page.
/// </summary>
public sealed class RedisPresenceStore(IConnectionMultiplexer redis, RedisSettings settings, TimeProvider clock, ILogger<RedisPresenceStore> logger) : IPresenceStore
{
    private static readonly TimeSpan KeyLifetime = PresenceRules.Lifetime * 2;

    /// <summary>The full key of a department's set, prefix included.</summary>
    public RedisKey KeyOf(Guid departmentId) => settings.Key($"presence:dept:{departmentId:N}");

    public async Task BeatAsync(IReadOnlyCollection<PresenceBeat> beats, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(beats);
        if (beats.Count == 0)
        {
            return;
        }

        var until = (clock.GetUtcNow() + PresenceRules.Lifetime).ToUnixTimeMilliseconds();
        var departments = beats.GroupBy(b => b.DepartmentId).ToList();
        var broken = await Run(async database =>
        {
            var batch = database.CreateBatch();
            var writes = departments.Select(d => (
                Key: KeyOf(d.Key),
                Add: batch.SortedSetAddAsync(KeyOf(d.Key), [.. d.Select(b => new SortedSetEntry(b.Member, until))]),
                Expire: batch.KeyExpireAsync(KeyOf(d.Key), KeyLifetime))).ToList();
            batch.Execute();
            List<RedisKey> wrongType = [];
            foreach (var write in writes)
            {
                try
                {
                    await write.Add;
                    await write.Expire;
                }
                catch (RedisServerException)
                {
                    // WRONGTYPE: someone wrote something else under our key.
                    wrongType.Add(write.Key);
                }
            }

            return wrongType;
        });

        if (broken.Count > 0)
        {
            logger.LogWarning("Presence keys {Keys} held foreign data and were cleared", string.Join(", ", broken));
            await Run(async database =>
            {
                await database.KeyDeleteAsync([.. broken]);
                foreach (var department in departments.Where(d => broken.Contains(KeyOf(d.Key))))
                {
                    await database.SortedSetAddAsync(KeyOf(department.Key), [.. department.Select(b => new SortedSetEntry(b.Member, until))]);
                    await database.KeyExpireAsync(KeyOf(department.Key), KeyLifetime);
                }

                return true;
            });
        }
    }

    public async Task LeaveAsync(IReadOnlyCollection<PresenceBeat> beats, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(beats);
        if (beats.Count == 0)
        {
            return;
        }

        await Run(async database =>
        {
            var removals = beats.GroupBy(b => b.DepartmentId)
                .Select(g => database.SortedSetRemoveAsync(KeyOf(g.Key), [.. g.Select(b => (RedisValue)b.Member)]))
                .ToList();
            foreach (var removal in removals)
            {
                try
                {
                    await removal;
                }
                catch (RedisServerException)
                {
                    // A key of the wrong type holds nobody of ours; the next beat clears it.
                }
            }

            return true;
        });
    }

    public async Task<IReadOnlyDictionary<Guid, IReadOnlySet<Guid>>> ReadAsync(IReadOnlyCollection<Guid> departmentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(departmentIds);
        var departments = departmentIds.Distinct().ToList();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await Run(async database =>
        {
            var batch = database.CreateBatch();
            var reads = departments.Select(d => (
                Trim: batch.SortedSetRemoveRangeByScoreAsync(KeyOf(d), double.NegativeInfinity, now),
                Members: batch.SortedSetRangeByScoreAsync(KeyOf(d), now, double.PositiveInfinity, Exclude.Start))).ToList();
            batch.Execute();
            var result = new Dictionary<Guid, IReadOnlySet<Guid>>();
            for (var i = 0; i < departments.Count; i++)
            {
                try
                {
                    await reads[i].Trim;
                    result[departments[i]] = (await reads[i].Members)
                        .Select(m => PresenceBeat.StaffOf(m.ToString()))
                        .OfType<Guid>()
                        .ToHashSet();
                }
                catch (RedisServerException ex)
                {
                    logger.LogWarning("Presence key {Key} answered {Error}; counted as empty", KeyOf(departments[i]), ex.Message);
                    result[departments[i]] = new HashSet<Guid>();
                }
            }

            return (IReadOnlyDictionary<Guid, IReadOnlySet<Guid>>)result;
        });
    }

    private async Task<T> Run<T>(Func<IDatabase, Task<T>> commands)
    {
        try
        {
            return await commands(redis.GetDatabase());
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            throw new PresenceUnavailableException($"在岗信息暂不可用：{ex.Message}", ex);
        }
    }
}
