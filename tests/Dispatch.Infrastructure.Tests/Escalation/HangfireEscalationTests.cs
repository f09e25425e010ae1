using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Reports;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Escalation;
using Dispatch.Infrastructure.Jobs;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Reports;
using Dispatch.Infrastructure.Whistles;
using Dispatch.TestSupport;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Dispatch.Infrastructure.Tests.Escalation.LiveWhistles;

namespace Dispatch.Infrastructure.Tests.Escalation;

/// <summary>
/// Timed escalation on a real Hangfire server on the real clock (job storage beside the SQLite
/// database, or in PostgreSQL for two nodes). Absences are proven by an event that came after
/// the one that must not happen (a control whistle's step, a job that finished), never by sleeping.
/// </summary>
[Collection(PostgresCollection.Name)]
public class HangfireEscalationTests(PostgresServer postgres)
{
    private static readonly Operator Clerk = new(Guid.NewGuid(), "王工", StaffRole.DepartmentStaff, null);

    private static async Task<string> JobIdAsync(EscalationHost node, Guid whistleId)
    {
        var scheduler = node.Services.GetRequiredService<HangfireEscalationScheduler>();
        string? jobId = null;
        await WaitUntilAsync(async () => (jobId = await scheduler.JobIdAsync(whistleId, CancellationToken.None)) is not null, TimeSpan.FromSeconds(5));
        return jobId!;
    }

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
    public async Task TheSameJobRunThreeTimes_RecordsOneUrge()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        await using var node = await EscalationHost.StartAsync(DatabaseProvider.Sqlite, database.ConnectionString, "a");
        var department = await SeedCountyAsync(node.Services);

        // Blown 30 s ago: both steps are due, so the wake-up job runs at once.
        var (whistleId, _) = await BlowAsync(node.Services, department, at: DateTimeOffset.UtcNow.AddSeconds(-30));
        var jobId = await JobIdAsync(node, whistleId);

        // Its first run, or the start-up audit that got there first and deleted it as done.
        await WaitUntilAsync(() => Task.FromResult(node.StateOf(jobId) is "Succeeded" or "Deleted"), TimeSpan.FromSeconds(10));
        var before = node.SucceededRuns(jobId);

        // The same job delivered again, twice, with the audit beside it, as Hangfire's at-least-once delivery may.
        for (var run = 1; run <= 2; run++)
        {
            node.Jobs.Requeue(jobId).ShouldBeTrue();
            await node.Services.GetRequiredService<EscalationService>().AuditAsync(CancellationToken.None);
            var expected = before + run;
            await WaitUntilAsync(() => Task.FromResult(node.SucceededRuns(jobId) == expected), TimeSpan.FromSeconds(10));
        }

        (await RecordsAsync(node.Services, whistleId)).Count.ShouldBe(2);
        node.Published.OfType<UrgeSent>().Count(u => u.WhistleId == whistleId).ShouldBe(1);
        node.Published.OfType<EscalationStepTaken>().Count(u => u.WhistleId == whistleId).ShouldBe(2);
    }

    [Fact]
    public async Task AnEarlyRun_DoesNothing_AndReschedulesItself()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        await using var node = await EscalationHost.StartAsync(DatabaseProvider.Sqlite, database.ConnectionString, "a");
        var department = await SeedCountyAsync(node.Services);
        var (whistleId, _) = await BlowAsync(node.Services, department);
        var first = await JobIdAsync(node, whistleId);

        // Run the 3 s wake-up now, before anything is due (a node whose clock is ahead would).
        node.Jobs.Requeue(first).ShouldBeTrue();
        await WaitUntilAsync(() => Task.FromResult(node.SucceededRuns(first) == 1), TimeSpan.FromSeconds(5));

        (await RecordsAsync(node.Services, whistleId)).ShouldBeEmpty("nothing was due yet");
        var second = await JobIdAsync(node, whistleId);
        second.ShouldNotBe(first);
        node.StateOf(second).ShouldBe("Scheduled");
        await WaitUntilAsync(async () => (await RecordsAsync(node.Services, whistleId)).Count == 2, TimeSpan.FromSeconds(15));
        node.Published.OfType<UrgeSent>().Count(u => u.WhistleId == whistleId).ShouldBe(1);
    }

    [Fact]
    public async Task Acknowledging_DeletesThePendingJob_AndNoStepFollows()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        await using var node = await EscalationHost.StartAsync(DatabaseProvider.Sqlite, database.ConnectionString, "a");
        var department = await SeedCountyAsync(node.Services);
        var (whistleId, summonsId) = await BlowAsync(node.Services, department);
        var (controlId, _) = await BlowAsync(node.Services, department);
        var jobId = await JobIdAsync(node, whistleId);

        await node.Services.GetRequiredService<WhistleCommands>().AcknowledgeAsync(Clerk with { DepartmentId = department.Id }, summonsId);
        await WaitUntilAsync(() => Task.FromResult(node.StateOf(jobId) == "Deleted"), TimeSpan.FromSeconds(5));

        // The control whistle, blown a moment later with the same steps, has been urged: the acknowledged one's time has passed.
        await WaitUntilAsync(async () => (await RecordsAsync(node.Services, controlId)).Count == 2, TimeSpan.FromSeconds(15));
        (await RecordsAsync(node.Services, whistleId)).ShouldBeEmpty();
        node.Published.OfType<UrgeSent>().ShouldNotContain(u => u.WhistleId == whistleId);
    }

    [Fact]
    public async Task StepsDueWhileTheAppWasDown_RunExactlyOnce_AfterItStartsAgain()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        Guid whistleId;
        string jobId;
        var blownAt = DateTimeOffset.UtcNow;
        await using (var before = await EscalationHost.StartAsync(DatabaseProvider.Sqlite, database.ConnectionString, "a"))
        {
            var department = await SeedCountyAsync(before.Services);
            (whistleId, _) = await BlowAsync(before.Services, department);
            jobId = await JobIdAsync(before, whistleId);
        }

        // Down past both steps (3 s and 6 s): the wake-up waits in the job store, the audit will find them too.
        await WaitUntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow > blownAt.AddSeconds(7)), TimeSpan.FromSeconds(15));
        (await RecordsAsync(database.Services, whistleId)).ShouldBeEmpty("nothing ran while the app was down");
        await using var after = await EscalationHost.StartAsync(DatabaseProvider.Sqlite, database.ConnectionString, "b");
        await WaitUntilAsync(async () => (await RecordsAsync(after.Services, whistleId)).Count == 2, TimeSpan.FromSeconds(15));

        // The stored wake-up has run, or was deleted by the start-up audit that got there first; nothing else is left to run.
        await WaitUntilAsync(() => Task.FromResult(after.StateOf(jobId) is "Succeeded" or "Deleted" && after.Idle()), TimeSpan.FromSeconds(15));
        (await RecordsAsync(after.Services, whistleId)).Select(r => r.Action).ShouldBe([EscalationAction.RemindTerminal, EscalationAction.UrgeDepartmentHead]);
        after.Published.OfType<UrgeSent>().Count(u => u.WhistleId == whistleId).ShouldBe(1);
    }

    [Fact]
    public async Task ALostJob_IsRepairedByTheAudit()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        await using var node = await EscalationHost.StartAsync(DatabaseProvider.Sqlite, database.ConnectionString, "a");
        var department = await SeedCountyAsync(node.Services);
        var (whistleId, _) = await BlowAsync(node.Services, department, policy: new EscalationPolicy("测试预警", [
            EscalationStep.AtPercent(DeadlineKind.Acknowledge, 10, EscalationAction.UrgeDepartmentHead)]));
        var lost = await JobIdAsync(node, whistleId);

        // Someone deletes it in the dashboard, or the job store lost it.
        node.Jobs.Delete(lost).ShouldBeTrue();
        var audit = await node.Services.GetRequiredService<EscalationService>().AuditAsync(CancellationToken.None);

        audit.Rescheduled.ShouldBe(1);
        var restored = await JobIdAsync(node, whistleId);
        restored.ShouldNotBe(lost);
        await WaitUntilAsync(async () => (await RecordsAsync(node.Services, whistleId)).Count == 1, TimeSpan.FromSeconds(15));
        node.Published.OfType<UrgeSent>().Count(u => u.WhistleId == whistleId).ShouldBe(1);
    }

    [Fact]
    public async Task TheAudit_LeavesAWakeUpThatIsInPlaceAlone_OnPostgreSql()
    {
        await using var database = await TestDatabase.Postgres(postgres).MigrateAsync();
        await using var node = await EscalationHost.StartAsync(DatabaseProvider.PostgreSql, database.ConnectionString, "a");
        var department = await SeedCountyAsync(node.Services);
        var (whistleId, _) = await BlowAsync(node.Services, department, policy: new EscalationPolicy("测试预警", [
            EscalationStep.AtPercent(DeadlineKind.Acknowledge, 90, EscalationAction.RemindTerminal)]));
        var jobId = await JobIdAsync(node, whistleId);

        // PostgreSQL keeps microseconds: the stored due time read back is still the same moment.
        var audit = await node.Services.GetRequiredService<EscalationService>().AuditAsync(CancellationToken.None);

        audit.Rescheduled.ShouldBe(0);
        (await JobIdAsync(node, whistleId)).ShouldBe(jobId);
        node.StateOf(jobId).ShouldBe("Scheduled");
    }

    [Fact]
    public async Task APolicyEdit_LeavesARunningWhistleOnItsOwnSteps()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        await using var node = await EscalationHost.StartAsync(DatabaseProvider.Sqlite, database.ConnectionString, "a");
        var department = await SeedCountyAsync(node.Services);
        var (whistleId, _) = await BlowAsync(node.Services, department);

        var admin = new Operator(Guid.NewGuid(), "系统管理员", StaffRole.Admin, null);
        var edit = await node.Services.GetRequiredService<EscalationPolicies>().SaveAsync(admin, null, "改后的默认", [
            EscalationStep.AtPercent(DeadlineKind.Acknowledge, 1, EscalationAction.EscalateToLevelAbove)], isDefault: true);
        edit.Saved.ShouldBeTrue(string.Join("；", edit.Problems));

        await WaitUntilAsync(async () => (await RecordsAsync(node.Services, whistleId)).Count == 2, TimeSpan.FromSeconds(15));
        (await RecordsAsync(node.Services, whistleId)).Select(r => r.Action).ShouldBe([EscalationAction.RemindTerminal, EscalationAction.UrgeDepartmentHead]);
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

        // Every wake-up has been taken and nothing is left to run on either node.
        await WaitUntilAsync(() => Task.FromResult(nodeA.Idle()), TimeSpan.FromSeconds(15));
        foreach (var id in whistles)
        {
            (await RecordsAsync(nodeA.Services, id)).Count.ShouldBe(2);
        }

        var urges = nodeA.Published.Concat(nodeB.Published).OfType<UrgeSent>().Where(u => whistles.Contains(u.WhistleId)).ToList();
        urges.Count.ShouldBe(whistles.Count);
        urges.Select(u => u.WhistleId).Distinct().Count().ShouldBe(whistles.Count);
    }

    [Fact]
    public async Task TwoNodesFiringTheDailyBulletin_PublishAndSendItOnce()
    {
        await using var database = await TestDatabase.Postgres(postgres).MigrateAsync();
        var clock = new FakeClock(Persistence.Scenario.Monday9.AddHours(8).AddMinutes(5));
        var sent = new CountingSender();
        void Services(IServiceCollection services)
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton<IBulletinSender>(sent);
        }

        await using var nodeA = await EscalationHost.StartAsync(DatabaseProvider.PostgreSql, database.ConnectionString, "a", services: Services);
        await using var nodeB = await EscalationHost.StartAsync(DatabaseProvider.PostgreSql, database.ConnectionString, "b", services: Services);
        await SeedCountyAsync(nodeA.Services);

        // 17:00 on both nodes at once: each fires the recurring job.
        var runs = new[] { nodeA, nodeB }.Select(n => n.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(RecurringJobIds.Bulletin)).ToList();
        foreach (var (node, jobId) in new[] { nodeA, nodeB }.Zip(runs))
        {
            jobId.ShouldNotBeNull();
            await WaitUntilAsync(() => Task.FromResult(node.StateOf(jobId) == "Succeeded"), TimeSpan.FromSeconds(20));
        }

        await using var db = await nodeA.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        var bulletin = await db.Bulletins.SingleAsync();
        bulletin.Day.ShouldBe(new DateOnly(2026, 11, 16));
        bulletin.DeliveredAt.ShouldNotBeNull();
        sent.Count.ShouldBe(1);
        nodeA.Published.Concat(nodeB.Published).OfType<BulletinPublished>().Count().ShouldBe(1);
    }

    private sealed class CountingSender : IBulletinSender
    {
        private int _count;

        public int Count => _count;

        public string Name => "计数";

        public Task SendAsync(Bulletin bulletin, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return Task.CompletedTask;
        }
    }
}
