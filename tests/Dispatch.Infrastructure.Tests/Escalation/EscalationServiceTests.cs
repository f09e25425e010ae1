using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Escalation;
using Dispatch.Infrastructure.Persistence;
using Dispatch.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Dispatch.Infrastructure.Tests.Persistence.Scenario;

namespace Dispatch.Infrastructure.Tests.Escalation;

/// <summary>The escalation use case on a fake clock, with the wake-ups kept by hand.</summary>
public class EscalationServiceTests
{
    [Fact]
    public async Task ATownshipWhistleUnansweredForTwiceItsLimit_RaisesTheCaseToTheCounty()
    {
        var clock = new FakeClock(Monday9);
        await using var database = await TestDatabase.Sqlite(clock).MigrateAsync();
        var scenario = await CreateAsync(database);
        var township = Center.CreateUnder(Guid.NewGuid(), "XJ", "西街街道综治中心", scenario.County);
        Guid whistleId = default;
        await database.UnitOfWork.ExecuteAsync(async db =>
        {
            db.Centers.Add(township);
            var old = await db.Whistles.SingleAsync(w => w.Id == scenario.WhistleId);
            var @case = await db.Cases.SingleAsync(c => c.Id == scenario.CaseId);
            old.Close(WhistleOutcome.Other, null, @case, Actor.System, Monday9);
        });

        // A township case: a fresh case routed to the township, whistle blown there.
        await database.UnitOfWork.ExecuteAsync(async db =>
        {
            var code = await Dispatch.Infrastructure.Cases.CaseCodeAllocator.NextAsync(db, "XJ", 2026, CancellationToken.None);
            var @case = Case.Register(Guid.NewGuid(), code, township.Id, new CaseIntake(Channel.WalkIn, CaseCategory.Neighbourhood, "邻里通道纠纷", "通道被占。",
                [Party.Create("李某")], township.Id, null, null, Monday9, TimeSpan.FromDays(1), CenterLevel.Township), Actor.System, Monday9);
            @case.Route(township.Id, CenterLevel.Township, null, township.Name, Actor.System, Monday9);
            var whistle = Whistle.Blow(Guid.NewGuid(), @case, [new SummonedDepartment(scenario.Housing.Id, "住建局")], ResponsePolicy.Normal,
                EscalationPolicy.Standard, null, WorkingCalendar.WeekendsOnly, Actor.System, Monday9);
            db.Cases.Add(@case);
            db.Whistles.Add(whistle);
            whistleId = whistle.Id;
        });
        var escalation = database.Services.GetRequiredService<EscalationService>();
        var scheduler = database.Services.GetRequiredService<ManualEscalationScheduler>();

        clock.Set(Monday9.AddMinutes(16));
        (await escalation.EscalateAsync(whistleId, CancellationToken.None)).ShouldBe(3);
        scheduler.WakeUps[whistleId].ShouldBe(Monday9.AddMinutes(30));
        clock.Set(Monday9.AddMinutes(31));
        (await escalation.EscalateAsync(whistleId, CancellationToken.None)).ShouldBe(1);
        (await escalation.EscalateAsync(whistleId, CancellationToken.None)).ShouldBe(0);

        await using var read = database.CreateContext();
        var whistleRow = await read.Whistles.SingleAsync(w => w.Id == whistleId);
        var raised = await read.Cases.SingleAsync(c => c.Id == whistleRow.CaseId);
        raised.CenterLevel.ShouldBe(CenterLevel.County);
        raised.CenterId.ShouldBe(scenario.County.Id);
        raised.Timeline.Count(t => t.Action == "升级").ShouldBe(2);
        raised.Timeline.OrderBy(t => t.Sequence).Last().Note!.ShouldContain("升至甘州区综治中心");
    }

    [Fact]
    public async Task TheAudit_TakesMissedSteps_AndRestoresLostWakeUps()
    {
        var clock = new FakeClock(Monday9.AddMinutes(3));
        await using var database = await TestDatabase.Sqlite(clock).MigrateAsync();
        var scenario = await CreateAsync(database);
        var escalation = database.Services.GetRequiredService<EscalationService>();
        var scheduler = database.Services.GetRequiredService<ManualEscalationScheduler>();

        var first = await escalation.AuditAsync(CancellationToken.None);
        first.ShouldBe(new AuditResult(1, 0, 1));
        scheduler.WakeUps[scenario.WhistleId].ShouldBe(Monday9.AddMinutes(7.5));

        clock.Set(Monday9.AddMinutes(20));
        var second = await escalation.AuditAsync(CancellationToken.None);

        second.Repaired.ShouldBe(1);
        await using var db = database.CreateContext();
        var (_, whistle) = await LoadAsync(db, scenario.CaseId, scenario.WhistleId);
        whistle.Summonses.Sum(s => s.Escalations.Count).ShouldBe(6);
    }
}
