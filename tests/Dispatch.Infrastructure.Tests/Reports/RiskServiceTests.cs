using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Risk;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Reports;
using Dispatch.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Infrastructure.Tests.Reports;

/// <summary>Risk rules over the stored cases, on both databases: one open warning per finding, a letter, then quiet.</summary>
[Collection(PostgresCollection.Name)]
public class RiskServiceTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 15, 30, 0, TimeSpan.FromHours(8));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task ThreePropertyCasesInOneVillage_RaiseOneWarning_RefreshedNotRepeated_ThenALetterQuietsIt(DatabaseProvider provider)
    {
        var clock = new FakeClock(Now);
        await using var database = await TestDatabase.Create(provider, postgres, clock).MigrateAsync();
        var risk = database.Services.GetRequiredService<RiskService>();
        await risk.SeedDefaultRulesAsync(CancellationToken.None);
        await risk.SeedDefaultRulesAsync(CancellationToken.None);
        Guid villageId = Guid.Empty, housingId = Guid.Empty;
        await database.UnitOfWork.ExecuteAsync(async db =>
        {
            var county = Center.CreateCounty(Guid.NewGuid(), "GZ", "甘州区综治中心");
            var township = Center.CreateUnder(Guid.NewGuid(), "DM", "大满镇综治中心", county);
            var village = Center.CreateUnder(Guid.NewGuid(), "XX", "新新村综治中心", township);
            var housing = Department.Create(Guid.NewGuid(), "甘州区住房和城乡建设局", "住建局", county.Id);
            (villageId, housingId) = (village.Id, housing.Id);
            db.Centers.AddRange(county, township, village);
            db.Departments.Add(housing);
            foreach (var daysAgo in new[] { 1, 3, 5 })
            {
                var code = await db.NextAsync("GZ", 2026, CancellationToken.None);
                var at = Now.AddDays(-daysAgo);
                db.Cases.Add(Case.Register(Guid.NewGuid(), code, county.Id, new CaseIntake(
                    Channel.WalkIn, CaseCategory.PropertyManagement, "物业不作为", "小区物业长期不维修。", [Party.Create($"王某{daysAgo}", $"1380936{daysAgo:D4}", null)],
                    township.Id, village.Id, "新新村", at, TimeSpan.FromHours(1), CenterLevel.County), new Actor(null, "李窗口"), at));
            }
        });

        var first = await risk.EvaluateAsync(CancellationToken.None);
        var second = await risk.EvaluateAsync(CancellationToken.None);

        first.Raised.ShouldBe(1);
        second.Raised.ShouldBe(0);
        await using (var db = database.CreateContext())
        {
            (await db.RiskRules.CountAsync()).ShouldBe(RiskRule.Defaults(Actor.System, Now).Count);
            var warning = await db.RiskWarnings.SingleAsync();
            warning.Summary.ShouldBe("新新村「物业」类诉求 7 天内达 3 件");
            warning.PlaceId.ShouldBe(villageId);
            warning.CaseIds.Count.ShouldBe(3);
            warning.Status.ShouldBe(RiskWarningStatus.Open);

            var director = new Operator(Guid.NewGuid(), "张建国", StaffRole.Director, null);
            await Should.ThrowAsync<AccessDeniedException>(() => risk.IssueLetterAsync(new Operator(Guid.NewGuid(), "刘洋", StaffRole.Leader, null), warning.Id, housingId, "正文"));
            await risk.IssueLetterAsync(director, warning.Id, housingId, warning.DraftLetter("住建局", "甘州区综治中心"));
            await Should.ThrowAsync<AccessDeniedException>(() => risk.MarkLetterReadAsync(new Operator(Guid.NewGuid(), "刘洋", StaffRole.DepartmentStaff, Guid.NewGuid()), warning.Id));
            await risk.MarkLetterReadAsync(new Operator(Guid.NewGuid(), "李军", StaffRole.DepartmentStaff, housingId), warning.Id);
        }

        await using (var db = database.CreateContext())
        {
            var lettered = await db.RiskWarnings.SingleAsync();
            lettered.Status.ShouldBe(RiskWarningStatus.LetterIssued);
            lettered.LetterNumber.ShouldBe("甘综治警〔2026〕1号");
            lettered.LetterReadBy.ShouldBe("李军");
        }

        // Within the rule's window after the letter the same finding stays quiet; a week later it may warn again.
        (await risk.EvaluateAsync(CancellationToken.None)).ShouldBe(new RiskRun(1, 0, 0, 1));
        clock.Advance(TimeSpan.FromDays(8));
        (await risk.EvaluateAsync(CancellationToken.None)).Signals.ShouldBe(0, "the three cases have left the 7-day window");
    }
}
