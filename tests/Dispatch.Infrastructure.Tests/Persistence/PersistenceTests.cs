using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Dispatch.TestSupport;
using Dispatch.Infrastructure.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Dispatch.Infrastructure.Tests.Persistence.Scenario;

namespace Dispatch.Infrastructure.Tests.Persistence;

[Collection(PostgresCollection.Name)]
public class PersistenceTests(PostgresServer postgres)
{
    private static readonly Actor HousingStaff = new(Guid.NewGuid(), "住建局王工");

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task CaseAndWhistle_RoundTripWithTimelinePartiesPoliciesAndEscalations(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.Create(provider, postgres).MigrateAsync();
        var scenario = await CreateAsync(database);
        await database.UnitOfWork.ExecuteAsync(async db =>
        {
            var (@case, whistle) = await LoadAsync(db, scenario.CaseId, scenario.WhistleId);
            whistle.Escalate(whistle.CurrentSummonsOf(scenario.Housing.Id)!.Id, @case, Monday9.AddMinutes(16));
        });

        await using var read = database.CreateContext();
        var (loadedCase, loadedWhistle) = await LoadAsync(read, scenario.CaseId, scenario.WhistleId);

        loadedCase.Code.ShouldBe("GZ-2026-000001-" + loadedCase.Code[^1]);
        CaseCode.TryParse(loadedCase.Code, out _, out _).ShouldBeTrue();
        loadedCase.Parties.Single().ShouldBe(Party.Create("赵某", "13809361111", "11010519491231002X"));
        loadedCase.ReceivedAt.ShouldBe(Monday9.AddMinutes(-10));
        loadedCase.DueAt.ShouldBe(Monday9.AddDays(3));
        loadedCase.Timeline.OrderBy(t => t.Sequence).Select(t => t.Action).ShouldBe(["受理登记", "分流", "研判", "开始处置", "吹哨", "提醒", "催办", "督办"]);
        loadedWhistle.ResponsePolicy.ShouldBe(ResponsePolicy.Normal);
        loadedWhistle.EscalationPolicy.Steps.ShouldBe(EscalationPolicy.Standard.Steps);
        loadedWhistle.Summonses.Count.ShouldBe(2);
        var housing = loadedWhistle.Summonses.Single(s => s.DepartmentId == scenario.Housing.Id);
        housing.Escalations.Select(e => e.Action).ShouldBe([EscalationAction.RemindTerminal, EscalationAction.UrgeDepartmentHead, EscalationAction.FlagDirector], ignoreOrder: true);
        housing.FlaggedToDirector.ShouldBeTrue();
        housing.AcknowledgeDueAt.ShouldBe(Monday9.AddMinutes(15));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task TimesCanBeComparedAndOrderedInSql(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.Create(provider, postgres).MigrateAsync();
        await CreateAsync(database);
        await using var db = database.CreateContext();

        var overdue = await db.Summonses.Where(s => s.AcknowledgeDueAt < Monday9.AddMinutes(20)).OrderBy(s => s.SummonedAt).CountAsync();
        var notYet = await db.Summonses.CountAsync(s => s.AcknowledgeDueAt < Monday9.AddMinutes(10));

        overdue.ShouldBe(2);
        notYet.ShouldBe(0);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task TwoTerminalsAcknowledgingAtOnce_OneWinsAndTheOtherGetsAConflict(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.Create(provider, postgres).MigrateAsync();
        var scenario = await CreateAsync(database);
        await using var first = database.CreateContext();
        await using var second = database.CreateContext();
        var (case1, whistle1) = await LoadAsync(first, scenario.CaseId, scenario.WhistleId);
        var (case2, whistle2) = await LoadAsync(second, scenario.CaseId, scenario.WhistleId);
        var summonsId = whistle1.Summonses.Single(s => s.DepartmentId == scenario.Housing.Id).Id;

        whistle1.Acknowledge(summonsId, case1, HousingStaff, Monday9.AddMinutes(1));
        whistle2.Acknowledge(summonsId, case2, new Actor(Guid.NewGuid(), "住建局李工"), Monday9.AddMinutes(1));
        await first.SaveChangesAsync();

        // The summons row's version, or the case's (its timeline grew), stops the second write.
        var conflict = await Should.ThrowAsync<DbUpdateException>(() => second.SaveChangesAsync());
        UnitOfWork.IsConflict(conflict).ShouldBeTrue();
        await using var read = database.CreateContext();
        var (_, stored) = await LoadAsync(read, scenario.CaseId, scenario.WhistleId);
        stored.Summonses.Single(s => s.Id == summonsId).AcknowledgedBy.ShouldBe("住建局王工");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task UnitOfWork_RerunsTheLoser_WhichThenSeesWhoAcknowledged(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.Create(provider, postgres).MigrateAsync();
        var scenario = await CreateAsync(database);
        Guid summonsId;
        await using (var db = database.CreateContext())
        {
            summonsId = (await LoadAsync(db, scenario.CaseId, scenario.WhistleId)).Whistle.Summonses.Single(s => s.DepartmentId == scenario.Housing.Id).Id;
        }

        var gate = new TaskCompletionSource();
        var attempts = 0;
        var loser = database.UnitOfWork.ExecuteAsync(async db =>
        {
            var (@case, whistle) = await LoadAsync(db, scenario.CaseId, scenario.WhistleId);
            if (Interlocked.Increment(ref attempts) == 1)
            {
                await gate.Task; // the winner commits while this one holds stale data
            }

            whistle.Acknowledge(summonsId, @case, new Actor(Guid.NewGuid(), "住建局李工"), Monday9.AddMinutes(2));
        });
        await database.UnitOfWork.ExecuteAsync(async db =>
        {
            var (@case, whistle) = await LoadAsync(db, scenario.CaseId, scenario.WhistleId);
            whistle.Acknowledge(summonsId, @case, HousingStaff, Monday9.AddMinutes(1));
        });
        gate.SetResult();

        var error = await Should.ThrowAsync<DomainException>(() => loser);
        error.Message.ShouldBe("住建局已由 住建局王工 于 2026-11-16 09:01 报到，无需重复报到。");
        attempts.ShouldBe(2);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task DifferentDepartmentsAtOnce_BothSucceedAfterARetry(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.Create(provider, postgres).MigrateAsync();
        var scenario = await CreateAsync(database);

        await Task.WhenAll(
            Enumerable.Range(0, 2).Select(i => database.UnitOfWork.ExecuteAsync(async db =>
            {
                var (@case, whistle) = await LoadAsync(db, scenario.CaseId, scenario.WhistleId);
                var department = i == 0 ? scenario.Housing.Id : scenario.Labour.Id;
                whistle.Acknowledge(whistle.CurrentSummonsOf(department)!.Id, @case, new Actor(null, $"人员{i}"), Monday9.AddMinutes(1));
            })));

        await using var read = database.CreateContext();
        var (storedCase, stored) = await LoadAsync(read, scenario.CaseId, scenario.WhistleId);
        stored.Summonses.ShouldAllBe(s => s.State == SummonsState.Acknowledged);
        storedCase.Timeline.Count(t => t.Action == "部门报到").ShouldBe(2);
        storedCase.Timeline.Select(t => t.Sequence).ShouldBe(Enumerable.Range(1, storedCase.Timeline.Count));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task TheSameEscalationStepFromTwoNodes_IsStoredOnce(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.Create(provider, postgres).MigrateAsync();
        var scenario = await CreateAsync(database);
        await using var nodeA = database.CreateContext();
        await using var nodeB = database.CreateContext();
        var (caseA, whistleA) = await LoadAsync(nodeA, scenario.CaseId, scenario.WhistleId);
        var (caseB, whistleB) = await LoadAsync(nodeB, scenario.CaseId, scenario.WhistleId);
        var summonsId = whistleA.Summonses[0].Id;

        whistleA.Escalate(summonsId, caseA, Monday9.AddMinutes(8)).Count.ShouldBe(1);
        whistleB.Escalate(summonsId, caseB, Monday9.AddMinutes(8)).Count.ShouldBe(1);
        await nodeA.SaveChangesAsync();

        var error = await Should.ThrowAsync<DbUpdateException>(() => nodeB.SaveChangesAsync());
        UnitOfWork.IsConflict(error).ShouldBeTrue();
        await using var read = database.CreateContext();
        (await LoadAsync(read, scenario.CaseId, scenario.WhistleId)).Whistle.Summonses.Single(s => s.Id == summonsId).Escalations.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Events_ArePublishedAfterTheCommit_AndNotForAFailedSave()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        var received = new List<IDomainEvent>();
        using var subscription = database.Events.Subscribe((e, _) =>
        {
            lock (received)
            {
                received.Add(e);
            }

            return Task.CompletedTask;
        });
        var scenario = await CreateAsync(database);
        received.OfType<CaseRegistered>().Count().ShouldBe(1);
        received.OfType<WhistleBlown>().Single().DepartmentIds.Count.ShouldBe(2);
        received.Clear();

        await using var first = database.CreateContext();
        await using var second = database.CreateContext();
        var (case1, whistle1) = await LoadAsync(first, scenario.CaseId, scenario.WhistleId);
        var (case2, whistle2) = await LoadAsync(second, scenario.CaseId, scenario.WhistleId);
        whistle1.Acknowledge(whistle1.Summonses[0].Id, case1, HousingStaff, Monday9);
        whistle2.Acknowledge(whistle2.Summonses[0].Id, case2, HousingStaff, Monday9);
        await first.SaveChangesAsync();
        await Should.ThrowAsync<DbUpdateException>(() => second.SaveChangesAsync());

        received.OfType<SummonsAcknowledged>().Count().ShouldBe(1);
        whistle1.DomainEvents.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_unit_of_work_publishes_after_its_commit_and_its_turn_so_a_subscriber_can_read_and_write()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        var gate = database.Services.GetRequiredService<WriteGate>();
        (bool Found, bool GateBusy)? seen = null;
        using var subscription = database.Events.Subscribe(async (e, token) =>
        {
            if (e is CaseRegistered registered)
            {
                await using var other = database.CreateContext();
                seen = (await other.Cases.AnyAsync(c => c.Id == registered.CaseId, token), gate.Busy);
                // A subscriber that writes gets its own turn at once.
                await database.UnitOfWork.ExecuteInOneWriteAsync(db => db.NextAsync("SUB", 2026, token), token);
            }
        });

        await CreateAsync(database);

        seen.ShouldBe((true, false));
        await using var read = database.CreateContext();
        (await read.Database.SqlQuery<long>($"""SELECT "LastSerial" AS "Value" FROM "CaseCodeCounters" WHERE "CenterCode" = 'SUB'""").SingleAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task Writers_of_one_node_take_turns_at_the_gate()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        var gate = database.Services.GetRequiredService<WriteGate>();

        var first = await gate.EnterAsync(CancellationToken.None);
        var second = gate.EnterAsync(CancellationToken.None).AsTask();
        second.IsCompleted.ShouldBeFalse();
        gate.Busy.ShouldBeTrue();
        first.Dispose();
        (await second).Dispose();

        gate.Busy.ShouldBeFalse();
        first.Dispose(); // a second dispose gives nothing back twice
        (await gate.EnterAsync(CancellationToken.None)).Dispose();
        gate.Busy.ShouldBeFalse();
    }

    [Fact]
    public async Task Writers_queued_together_share_one_commit_and_one_that_fails_takes_only_its_own_writes_back()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        var gate = database.Services.GetRequiredService<WriteGate>();
        var before = gate.Counts;

        // While the gate is held, five writers queue up; the third fails after it took a serial.
        var held = await gate.EnterAsync(CancellationToken.None);
        var writes = Enumerable.Range(1, 5).Select(i => database.UnitOfWork.ExecuteInOneWriteAsync(async db =>
        {
            var code = await db.NextAsync("GRP", 2026, CancellationToken.None);
            return i == 3 ? throw new DomainException("第三笔写入失败") : code.Serial;
        })).ToList();
        gate.Waiting.ShouldBe(5);
        held.Dispose();

        var failed = await Should.ThrowAsync<DomainException>(() => writes[2]);
        failed.Message.ShouldBe("第三笔写入失败");
        var serials = new List<long>();
        foreach (var write in writes.Where((_, i) => i != 2))
        {
            serials.Add(await write);
        }

        // In turn order, without the failed writer's serial: it was rolled back to its savepoint.
        serials.ShouldBe([1, 2, 3, 4]);
        (gate.Counts.Commits - before.Commits).ShouldBe(1);
        (gate.Counts.Writes - before.Writes).ShouldBe(5);
        await using var read = database.CreateContext();
        (await read.Database.SqlQuery<long>($"""SELECT "LastSerial" AS "Value" FROM "CaseCodeCounters" WHERE "CenterCode" = 'GRP'""").SingleAsync()).ShouldBe(4);
        gate.Busy.ShouldBeFalse();
    }

    [Fact]
    public async Task A_writer_cancelled_while_it_waits_gives_its_turn_on_and_the_shared_write_before_it_still_commits()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        var gate = database.Services.GetRequiredService<WriteGate>();
        using var cancel = new CancellationTokenSource();

        var held = await gate.EnterAsync(CancellationToken.None);
        var first = database.UnitOfWork.ExecuteInOneWriteAsync(db => db.NextAsync("CXL", 2026, CancellationToken.None));
        var cancelled = database.UnitOfWork.ExecuteInOneWriteAsync(db => db.NextAsync("CXL", 2026, CancellationToken.None), cancel.Token);
        gate.Waiting.ShouldBe(2);
        await cancel.CancelAsync();
        held.Dispose();

        // The first passed its turn to the second, which was cancelled: it commits the first's write and goes.
        // A bound, not a timing: were the write left uncommitted, the test would otherwise hang.
        (await first.WaitAsync(TimeSpan.FromSeconds(30))).Serial.ShouldBe(1);
        await Should.ThrowAsync<OperationCanceledException>(() => cancelled);
        gate.Busy.ShouldBeFalse();
        await using var read = database.CreateContext();
        (await read.Database.SqlQuery<long>($"""SELECT "LastSerial" AS "Value" FROM "CaseCodeCounters" WHERE "CenterCode" = 'CXL'""").SingleAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task A_turn_of_ones_own_commits_the_shared_transaction_it_finds_open_first()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        var gate = database.Services.GetRequiredService<WriteGate>();

        var held = await gate.EnterAsync(CancellationToken.None);
        var write = database.UnitOfWork.ExecuteInOneWriteAsync(db => db.NextAsync("OWN", 2026, CancellationToken.None));
        var own = gate.EnterAsync(CancellationToken.None).AsTask();
        gate.Waiting.ShouldBe(2);
        held.Dispose();

        // The writer passed its turn to the one queued behind it, which committed the write before taking the turn.
        using (await own)
        {
            (await write).Serial.ShouldBe(1);
            await using var read = database.CreateContext();
            (await read.Database.SqlQuery<long>($"""SELECT "LastSerial" AS "Value" FROM "CaseCodeCounters" WHERE "CenterCode" = 'OWN'""").SingleAsync()).ShouldBe(1);
            gate.Busy.ShouldBeTrue();
        }

        gate.Busy.ShouldBeFalse();
    }

    [Fact]
    public async Task A_subscriber_that_asks_to_be_first_hears_an_event_before_those_already_there()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        var order = new List<string>();
        using var bookkeeping = database.Events.Subscribe((_, _) =>
        {
            order.Add("bookkeeping");
            return Task.CompletedTask;
        });
        using var live = database.Events.Subscribe((_, _) =>
        {
            order.Add("live");
            return Task.CompletedTask;
        }, first: true);
        using var later = database.Events.Subscribe((_, _) =>
        {
            order.Add("later");
            return Task.CompletedTask;
        });

        await database.Events.PublishAsync([new CaseRegistered(Guid.NewGuid(), "GZ-2026-000001-K", Guid.NewGuid(), Monday9)], CancellationToken.None);

        order.ShouldBe(["live", "bookkeeping", "later"]);
    }
}
