using Dispatch.Domain.Escalation;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Escalation;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Whistles;
using Dispatch.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using static Dispatch.Infrastructure.Tests.Escalation.LiveWhistles;

namespace Dispatch.Infrastructure.Tests.Escalation;

/// <summary>Timed escalation with real Quartz on the real clock (persistent store in the app's database).</summary>
[Collection(PostgresCollection.Name)]
public class QuartzEscalationTests(PostgresServer postgres)
{
    [Fact]
    public async Task AStep_FiresWithinTwoSecondsOfItsDueTime()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        await using var node = await EscalationHost.StartAsync(DatabaseProvider.Sqlite, database.ConnectionString, "a");
        var department = await SeedCountyAsync(node.Services);

        var (whistleId, _) = await BlowAsync(node.Services, department);
        await WaitUntilAsync(async () => (await RecordsAsync(node.Services, whistleId)).Count == 2, TimeSpan.FromSeconds(15));

        var records = await RecordsAsync(node.Services, whistleId);
        records.Select(r => r.Action).ShouldBe([EscalationAction.RemindTerminal, EscalationAction.UrgeDepartmentHead]);
        foreach (var record in records)
        {
            (record.TakenAt - record.DueAt).ShouldBeInRange(TimeSpan.Zero, TimeSpan.FromSeconds(2));
        }

        node.Published.OfType<UrgeSent>().Count(u => u.WhistleId == whistleId).ShouldBe(1);
    }

    [Fact]
    public async Task ATriggerFiringTwice_SendsOneUrge()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        await using var node = await EscalationHost.StartAsync(DatabaseProvider.Sqlite, database.ConnectionString, "a");
        var department = await SeedCountyAsync(node.Services);
        var (whistleId, _) = await BlowAsync(node.Services, department, at: DateTimeOffset.UtcNow.AddSeconds(-30));
        var scheduler = await node.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        // The same wake-up delivered three times at once, plus the audit, as duplicate or late triggers would.
        var data = new JobDataMap { [EscalationJob.WhistleIdKey] = whistleId.ToString() };
        await Task.WhenAll(
            scheduler.TriggerJob(QuartzEscalationScheduler.JobKey, data, CancellationToken.None).AsTask(),
            scheduler.TriggerJob(QuartzEscalationScheduler.JobKey, data, CancellationToken.None).AsTask(),
            scheduler.TriggerJob(QuartzEscalationScheduler.JobKey, data, CancellationToken.None).AsTask(),
            node.Services.GetRequiredService<EscalationService>().AuditAsync(CancellationToken.None));
        await WaitUntilAsync(async () => (await RecordsAsync(node.Services, whistleId)).Count == 2, TimeSpan.FromSeconds(10));
        await Task.Delay(1500);

        (await RecordsAsync(node.Services, whistleId)).Count.ShouldBe(2);
        node.Published.OfType<UrgeSent>().Count(u => u.WhistleId == whistleId).ShouldBe(1);
        node.Published.OfType<EscalationStepTaken>().Count(u => u.WhistleId == whistleId).ShouldBe(2);
    }

    [Fact]
    public async Task AcknowledgingBeforeTheDeadline_CancelsThePendingSteps()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        await using var node = await EscalationHost.StartAsync(DatabaseProvider.Sqlite, database.ConnectionString, "a");
        var department = await SeedCountyAsync(node.Services);
        var (whistleId, summonsId) = await BlowAsync(node.Services, department);
        var scheduler = node.Services.GetRequiredService<IEscalationScheduler>();
        await WaitUntilAsync(async () => await scheduler.ScheduledAtAsync(whistleId, CancellationToken.None) is not null, TimeSpan.FromSeconds(5));

        await node.Services.GetRequiredService<WhistleCommands>().AcknowledgeAsync(
            new Domain.Common.Operator(Guid.NewGuid(), "王工", Domain.Organization.StaffRole.DepartmentStaff, department.Id), summonsId);
        await WaitUntilAsync(async () => await scheduler.ScheduledAtAsync(whistleId, CancellationToken.None) is null, TimeSpan.FromSeconds(5));
        await Task.Delay(TimeSpan.FromSeconds(7));

        (await RecordsAsync(node.Services, whistleId)).ShouldBeEmpty();
        node.Published.OfType<UrgeSent>().ShouldNotContain(u => u.WhistleId == whistleId);
    }

    [Fact]
    public async Task StepsMissedWhileTheAppWasDown_RunExactlyOnce_AfterItStartsAgain()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        Guid whistleId;
        await using (var before = await EscalationHost.StartAsync(DatabaseProvider.Sqlite, database.ConnectionString, "a"))
        {
            var department = await SeedCountyAsync(before.Services);
            (whistleId, _) = await BlowAsync(before.Services, department);
            var scheduler = before.Services.GetRequiredService<IEscalationScheduler>();
            await WaitUntilAsync(async () => await scheduler.ScheduledAtAsync(whistleId, CancellationToken.None) is not null, TimeSpan.FromSeconds(5));
        }

        // Down past both steps (3 s and 6 s).
        await Task.Delay(TimeSpan.FromSeconds(8));
        await using var after = await EscalationHost.StartAsync(DatabaseProvider.Sqlite, database.ConnectionString, "b");
        await WaitUntilAsync(async () => (await RecordsAsync(after.Services, whistleId)).Count == 2, TimeSpan.FromSeconds(15));
        await Task.Delay(TimeSpan.FromSeconds(2));

        (await RecordsAsync(after.Services, whistleId)).Select(r => r.Action).ShouldBe([EscalationAction.RemindTerminal, EscalationAction.UrgeDepartmentHead]);
        after.Published.OfType<UrgeSent>().Count(u => u.WhistleId == whistleId).ShouldBe(1);
    }

    [Fact]
    public async Task TwoNodesOnOnePostgreSql_RunEachStepExactlyOnce()
    {
        await using var database = await TestDatabase.Postgres(postgres).MigrateAsync();
        await using var nodeA = await EscalationHost.StartAsync(DatabaseProvider.PostgreSql, database.ConnectionString, "a", auditInterval: TimeSpan.FromSeconds(2));
        await using var nodeB = await EscalationHost.StartAsync(DatabaseProvider.PostgreSql, database.ConnectionString, "b", auditInterval: TimeSpan.FromSeconds(2));
        var department = await SeedCountyAsync(nodeA.Services);

        var whistles = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            whistles.Add((await BlowAsync(i % 2 == 0 ? nodeA.Services : nodeB.Services, department)).WhistleId);
        }

        await WaitUntilAsync(async () =>
        {
            foreach (var id in whistles)
            {
                if ((await RecordsAsync(nodeA.Services, id)).Count < 2)
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3));

        foreach (var id in whistles)
        {
            (await RecordsAsync(nodeA.Services, id)).Count.ShouldBe(2);
        }

        var urges = nodeA.Published.Concat(nodeB.Published).OfType<UrgeSent>().Where(u => whistles.Contains(u.WhistleId)).ToList();
        urges.Count.ShouldBe(whistles.Count);
        urges.Select(u => u.WhistleId).Distinct().Count().ShouldBe(whistles.Count);
    }
}
