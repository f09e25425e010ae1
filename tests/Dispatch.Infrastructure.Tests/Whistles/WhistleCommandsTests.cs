using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Tests.Persistence;
using Dispatch.Infrastructure.Whistles;
using Dispatch.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Dispatch.Infrastructure.Tests.Persistence.Scenario;

namespace Dispatch.Infrastructure.Tests.Whistles;

[Collection(PostgresCollection.Name)]
public class WhistleCommandsTests(PostgresServer postgres)
{
    private static readonly Operator Director = new(Guid.NewGuid(), "张主任", StaffRole.Director, null);

    private static Operator StaffOf(Department department, string name = "王工") => new(Guid.NewGuid(), name, StaffRole.DepartmentStaff, department.Id);

    [Fact]
    public async Task Director_BlowsAWhistle_AndTheCaseTimelineSaysSo()
    {
        var (database, scenario, commands) = await SetUpAsync();
        await using var _ = database;

        await Should.ThrowAsync<DomainException>(() => commands.BlowAsync(Director, scenario.CaseId, [scenario.Labour.Id], ResponsePolicy.Urgent, null));
        await commands.CloseAsync(Director, scenario.WhistleId, WhistleOutcome.JointMediation, null);

        var id = await commands.BlowAsync(Director, scenario.CaseId, [scenario.Labour.Id], ResponsePolicy.Urgent, "欠薪问题，请人社局五分钟内报到");

        await using var db = database.CreateContext();
        var (@case, whistle) = await LoadAsync(db, scenario.CaseId, id);
        whistle.Summonses.Single().DepartmentName.ShouldBe("人社局");
        whistle.Summonses.Single().AcknowledgeDueAt.ShouldBe(whistle.BlownAt.AddMinutes(5));
        var steps = @case.Timeline.OrderBy(t => t.Sequence).TakeLast(3).ToList();
        steps[0].ShouldSatisfyAllConditions(t => t.Action.ShouldBe("吹哨"), t => t.ActorName.ShouldBe("张主任"));

        // Nobody in 人社局 is on duty in this scenario, so the standard policy urges its head at once.
        steps.Skip(1).Select(t => t.Action).ShouldBe(["无人在岗", "催办"]);
    }

    [Fact]
    public async Task DepartmentStaff_CannotBlowAWhistle()
    {
        var (database, scenario, commands) = await SetUpAsync();
        await using var _ = database;

        await Should.ThrowAsync<AccessDeniedException>(() => commands.BlowAsync(StaffOf(scenario.Housing), scenario.CaseId, [scenario.Labour.Id], ResponsePolicy.Normal, null));
    }

    [Fact]
    public async Task Acknowledge_OwnSummons_IsRecorded_WithWhoAndWhen()
    {
        var (database, scenario, commands) = await SetUpAsync();
        await using var _ = database;
        var summonsId = await SummonsOfAsync(database, scenario, scenario.Housing);

        await commands.AcknowledgeAsync(StaffOf(scenario.Housing), summonsId);

        await using var db = database.CreateContext();
        var (@case, whistle) = await LoadAsync(db, scenario.CaseId, scenario.WhistleId);
        whistle.SummonsFor(summonsId).ShouldSatisfyAllConditions(s => s.State.ShouldBe(SummonsState.Acknowledged), s => s.AcknowledgedBy.ShouldBe("王工"));
        @case.Timeline.OrderBy(t => t.Sequence).Last().ShouldSatisfyAllConditions(t => t.Action.ShouldBe("部门报到"), t => t.ActorName.ShouldBe("王工"));
    }

    [Fact]
    public async Task ActingOnAnotherDepartmentsSummons_IsRefused_AndChangesNothing()
    {
        var (database, scenario, commands) = await SetUpAsync();
        await using var _ = database;
        var labourSummons = await SummonsOfAsync(database, scenario, scenario.Labour);

        var error = await Should.ThrowAsync<AccessDeniedException>(() => commands.AcknowledgeAsync(StaffOf(scenario.Housing), labourSummons));

        error.Message.ShouldBe("这是人社局的召集，您所在的部门无权处理。");
        await using var db = database.CreateContext();
        (await LoadAsync(db, scenario.CaseId, scenario.WhistleId)).Whistle.SummonsFor(labourSummons).State.ShouldBe(SummonsState.Pending);
    }

    [Fact]
    public async Task ActingOnAClosedWhistle_IsRefused_AndChangesNothing()
    {
        var (database, scenario, commands) = await SetUpAsync();
        await using var _ = database;
        var summonsId = await SummonsOfAsync(database, scenario, scenario.Housing);
        await commands.CloseAsync(Director, scenario.WhistleId, WhistleOutcome.JointMediation, "已联合调处");

        var error = await Should.ThrowAsync<DomainException>(() => commands.AcknowledgeAsync(StaffOf(scenario.Housing), summonsId));

        error.Message.ShouldContain("该哨令已于");
        await using var db = database.CreateContext();
        (await LoadAsync(db, scenario.CaseId, scenario.WhistleId)).Whistle.SummonsFor(summonsId).State.ShouldBe(SummonsState.Pending);
    }

    [Fact]
    public async Task AStaleSummonsId_SaysThePageIsOutOfDate()
    {
        var (database, _, commands) = await SetUpAsync();
        await using var __ = database;

        var error = await Should.ThrowAsync<DomainException>(() => commands.AcknowledgeAsync(StaffOf(Department.Create(Guid.NewGuid(), "x", "x", Guid.NewGuid())), Guid.NewGuid()));

        error.Message.ShouldContain("请刷新");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task TwoTerminalsOfOneDepartment_AcknowledgingAtOnce_RecordExactlyOne(DatabaseProvider provider)
    {
        var (database, scenario, commands) = await SetUpAsync(provider);
        await using var _ = database;
        var summonsId = await SummonsOfAsync(database, scenario, scenario.Housing);

        var results = await Task.WhenAll(Enumerable.Range(1, 4).Select(async i =>
        {
            try
            {
                await commands.AcknowledgeAsync(StaffOf(scenario.Housing, $"终端{i}"), summonsId);
                return null;
            }
            catch (DomainException ex)
            {
                return ex.Message;
            }
        }));

        results.Count(r => r is null).ShouldBe(1);
        results.Where(r => r is not null).ShouldAllBe(m => m!.Contains("无需重复报到"));
        await using var db = database.CreateContext();
        var (@case, whistle) = await LoadAsync(db, scenario.CaseId, scenario.WhistleId);
        @case.Timeline.Count(t => t.Action == "部门报到").ShouldBe(1);
        whistle.SummonsFor(summonsId).AcknowledgedBy.ShouldBe($"终端{Array.IndexOf(results, null) + 1}");
    }

    [Fact]
    public async Task Decline_ThenReassign_SummonsTheNewDepartment()
    {
        var (database, scenario, commands) = await SetUpAsync();
        await using var _ = database;
        var housingSummons = await SummonsOfAsync(database, scenario, scenario.Housing);
        await commands.DeclineAsync(StaffOf(scenario.Housing), housingSummons, "不属于本部门职责");
        var judicial = Department.Create(Guid.NewGuid(), "甘州区司法局", "司法局", scenario.County.Id);
        await database.UnitOfWork.ExecuteAsync(db =>
        {
            db.Departments.Add(judicial);
            return Task.CompletedTask;
        });

        await commands.ReassignAsync(Director, housingSummons, judicial.Id, "改由司法局组织调解");

        await using var db = database.CreateContext();
        var (_, whistle) = await LoadAsync(db, scenario.CaseId, scenario.WhistleId);
        whistle.SummonsFor(housingSummons).State.ShouldBe(SummonsState.Reassigned);
        whistle.CurrentSummonsOf(judicial.Id)!.State.ShouldBe(SummonsState.Pending);
    }

    [Fact]
    public async Task Close_RecordsTheOutcomeThatFeedsTheKpis()
    {
        var (database, scenario, commands) = await SetUpAsync();
        await using var _ = database;
        var summonsId = await SummonsOfAsync(database, scenario, scenario.Housing);
        await commands.AcknowledgeAsync(StaffOf(scenario.Housing), summonsId);
        await commands.MarkOnSiteAsync(StaffOf(scenario.Housing), summonsId);

        await commands.CloseAsync(Director, scenario.WhistleId, WhistleOutcome.ResolvedOnSite, "当场达成协议");

        await using var db = database.CreateContext();
        var (_, whistle) = await LoadAsync(db, scenario.CaseId, scenario.WhistleId);
        whistle.Outcome.ShouldBe(WhistleOutcome.ResolvedOnSite);
        whistle.HandledJointlyOnSite.ShouldBeTrue();
        await Should.ThrowAsync<AccessDeniedException>(() => commands.CloseAsync(StaffOf(scenario.Housing), scenario.WhistleId, WhistleOutcome.Other, null));
    }

    private async Task<(TestDatabase Database, Scenario Scenario, WhistleCommands Commands)> SetUpAsync(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var database = await TestDatabase.Create(provider, postgres, new FakeClock(Monday9.AddMinutes(3))).MigrateAsync();
        var scenario = await CreateAsync(database);
        return (database, scenario, database.Services.GetRequiredService<WhistleCommands>());
    }

    private static async Task<Guid> SummonsOfAsync(TestDatabase database, Scenario scenario, Department department)
    {
        await using var db = database.CreateContext();
        return (await LoadAsync(db, scenario.CaseId, scenario.WhistleId)).Whistle.CurrentSummonsOf(department.Id)!.Id;
    }
}
