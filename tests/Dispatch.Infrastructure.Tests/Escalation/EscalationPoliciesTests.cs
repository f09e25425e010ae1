using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Escalation;
using Dispatch.Infrastructure.Tests.Persistence;
using Dispatch.Infrastructure.Whistles;
using Dispatch.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Dispatch.Infrastructure.Tests.Persistence.Scenario;

namespace Dispatch.Infrastructure.Tests.Escalation;

public class EscalationPoliciesTests
{
    private static readonly Operator Admin = new(Guid.NewGuid(), "系统管理员", StaffRole.Admin, null);
    private static readonly Operator Director = new(Guid.NewGuid(), "张主任", StaffRole.Director, null);

    private static readonly EscalationStep[] RemindOnly = [EscalationStep.AtPercent(DeadlineKind.Acknowledge, 50, EscalationAction.RemindTerminal)];

    [Fact]
    public async Task EditingThePolicy_LeavesRunningWhistlesAsTheyWere()
    {
        await using var database = await TestDatabase.Sqlite(new FakeClock(Monday9)).MigrateAsync();
        var scenario = await CreateAsync(database);
        var policies = database.Services.GetRequiredService<EscalationPolicies>();
        var id = (await policies.SaveAsync(Admin, null, "只提醒", RemindOnly, isDefault: true)).Id!.Value;
        var commands = database.Services.GetRequiredService<WhistleCommands>();
        await commands.CloseAsync(Director, scenario.WhistleId, WhistleOutcome.Other, null);
        var running = await commands.BlowAsync(Director, scenario.CaseId, [scenario.Housing.Id], ResponsePolicy.Normal, null);

        var edit = await policies.SaveAsync(Admin, id, "只提醒", [.. RemindOnly, EscalationStep.AtPercent(DeadlineKind.Acknowledge, 100, EscalationAction.UrgeDepartmentHead)], isDefault: true);

        edit.Saved.ShouldBeTrue(string.Join("；", edit.Problems));
        await using var db = database.CreateContext();
        var (@case, whistle) = await LoadAsync(db, scenario.CaseId, running);
        whistle.EscalationPolicy.Steps.ShouldBe(RemindOnly);
        whistle.Escalate(whistle.Summonses[0].Id, @case, Monday9.AddHours(1)).Select(d => d.Step.Action).ShouldBe([EscalationAction.RemindTerminal]);
        (await EscalationPolicies.DefaultAsync(db, CancellationToken.None)).Steps.Count.ShouldBe(2);
    }

    [Fact]
    public async Task TheNobodyPresentAction_IsStored_AndFrozenOntoNewWhistles()
    {
        await using var database = await TestDatabase.Sqlite(new FakeClock(Monday9)).MigrateAsync();
        var scenario = await CreateAsync(database);
        var policies = database.Services.GetRequiredService<EscalationPolicies>();
        (await policies.SaveAsync(Admin, null, "无人即督办", RemindOnly, isDefault: true, whenNobodyPresent: EscalationAction.FlagDirector)).Saved.ShouldBeTrue();
        var bad = await policies.SaveAsync(Admin, null, "坏动作", RemindOnly, isDefault: false, whenNobodyPresent: (EscalationAction)9);
        var commands = database.Services.GetRequiredService<WhistleCommands>();
        await commands.CloseAsync(Director, scenario.WhistleId, WhistleOutcome.Other, null);

        var id = await commands.BlowAsync(Director, scenario.CaseId, [scenario.Housing.Id], ResponsePolicy.Normal, null);

        bad.Problems.ShouldBe(["无人在岗时的处置动作未知（9）"]);
        (await policies.ListAsync(CancellationToken.None)).Single(p => p.IsDefault).Policy.WhenNobodyPresent.ShouldBe(EscalationAction.FlagDirector);
        await using var db = database.CreateContext();
        var summons = (await LoadAsync(db, scenario.CaseId, id)).Whistle.Summonses.Single();
        summons.FlaggedToDirector.ShouldBeTrue("nobody is on duty in the scenario, so the director is flagged at once");
        summons.UrgeCount.ShouldBe(0);
    }

    [Fact]
    public async Task SavingABadPolicy_ExplainsEveryProblem_AndSavesNothing()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        var policies = database.Services.GetRequiredService<EscalationPolicies>();

        var result = await policies.SaveAsync(Admin, null, "坏规则", [
            EscalationStep.AtPercent(DeadlineKind.Result, 100, EscalationAction.FlagDirector),
            new EscalationStep(DeadlineKind.Acknowledge, null, -5, SummonsState.Acknowledged, EscalationAction.RemindTerminal),
            new EscalationStep(DeadlineKind.Acknowledge, 50, null, SummonsState.Acknowledged, (EscalationAction)9),
        ], isDefault: false);

        result.Saved.ShouldBeFalse();
        result.Problems.ShouldContain(p => p.Contains("超时分钟数不能为负数"));
        result.Problems.ShouldContain(p => p.Contains("处置动作未知"));
        result.Problems.ShouldContain(p => p.Contains("排在第 1 步之前才对"));
        (await policies.ListAsync(CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task OnlyAnAdministrator_MayEditPolicies()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();

        await Should.ThrowAsync<AccessDeniedException>(() => database.Services.GetRequiredService<EscalationPolicies>().SaveAsync(Director, null, "x", RemindOnly, false));
    }

    [Fact]
    public async Task TwoPoliciesWithOneName_AreRefused()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        var policies = database.Services.GetRequiredService<EscalationPolicies>();
        await policies.SaveAsync(Admin, null, "只提醒", RemindOnly, false);

        var second = await policies.SaveAsync(Admin, null, "只提醒", RemindOnly, false);

        second.Problems.ShouldBe(["已有名为「只提醒」的预警规则，请换一个名称。"]);
    }
}
