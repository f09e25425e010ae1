using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Risk;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Queries;
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

            // 整改反馈: only the department the letter went to, once.
            const string answer = "已组织专题研判，逐件核查新新村 3 件物业诉求，落实化解责任人。";
            await Should.ThrowAsync<AccessDeniedException>(() => risk.RecordFeedbackAsync(new Operator(Guid.NewGuid(), "刘洋", StaffRole.DepartmentStaff, Guid.NewGuid()), warning.Id, answer));
            await Should.ThrowAsync<AccessDeniedException>(() => risk.RecordFeedbackAsync(director, warning.Id, answer));
            await risk.RecordFeedbackAsync(new Operator(Guid.NewGuid(), "李军", StaffRole.DepartmentStaff, housingId), warning.Id, answer);
            await Should.ThrowAsync<DomainException>(() => risk.RecordFeedbackAsync(new Operator(Guid.NewGuid(), "李军", StaffRole.DepartmentStaff, housingId), warning.Id, answer));
        }

        await using (var db = database.CreateContext())
        {
            var lettered = await db.RiskWarnings.SingleAsync();
            lettered.Status.ShouldBe(RiskWarningStatus.LetterIssued);
            lettered.LetterNumber.ShouldBe("甘综治警〔2026〕1号");
            lettered.LetterReadBy.ShouldBe("李军");
            lettered.FeedbackDueAt.ShouldBe(new WorkingCalendar().AddWorkingDays(lettered.SettledAt!.Value, RiskWarning.FeedbackWorkingDays));
            lettered.FeedbackDueAt!.Value.ShouldBeGreaterThan(lettered.SettledAt!.Value.AddDays(2.9));
            lettered.Feedback.ShouldBe("已组织专题研判，逐件核查新新村 3 件物业诉求，落实化解责任人。");
            lettered.FeedbackBy.ShouldBe("李军");
            lettered.FeedbackAt.ShouldNotBeNull();
        }

        // Within the rule's window after the letter the same finding stays quiet; a week later it may warn again.
        (await risk.EvaluateAsync(CancellationToken.None)).ShouldBe(new RiskRun(1, 0, 0, 1));
        clock.Advance(TimeSpan.FromDays(8));
        (await risk.EvaluateAsync(CancellationToken.None)).Signals.ShouldBe(0, "the three cases have left the 7-day window");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task TheQueries_ShowTheWarningWithItsCases_WhereItBelongs_AndTheLetterOnlyToItsDepartment(DatabaseProvider provider)
    {
        var clock = new FakeClock(Now);
        await using var database = await TestDatabase.Create(provider, postgres, clock).MigrateAsync();
        var risk = database.Services.GetRequiredService<RiskService>();
        var queries = database.Services.GetRequiredService<RiskQueries>();
        await risk.SeedDefaultRulesAsync(CancellationToken.None);
        var actor = new Actor(null, "李窗口");
        Center county = null!, township = null!, other = null!;
        Department housing = null!, market = null!;
        await database.UnitOfWork.ExecuteAsync(async db =>
        {
            county = Center.CreateCounty(Guid.NewGuid(), "GZ", "甘州区综治中心");
            township = Center.CreateUnder(Guid.NewGuid(), "DM", "大满镇综治中心", county);
            other = Center.CreateUnder(Guid.NewGuid(), "SJ", "沙井镇综治中心", county);
            var village = Center.CreateUnder(Guid.NewGuid(), "XX", "新新村综治中心", township);
            housing = Department.Create(Guid.NewGuid(), "甘州区住房和城乡建设局", "住建局", county.Id);
            market = Department.Create(Guid.NewGuid(), "甘州区市场监督管理局", "市场监管局", county.Id);
            db.Centers.AddRange(county, township, other, village);
            db.Departments.AddRange(housing, market);
            foreach (var daysAgo in new[] { 1, 2, 4 })
            {
                var code = await db.NextAsync("GZ", 2026, CancellationToken.None);
                var at = Now.AddDays(-daysAgo);
                var @case = Case.Register(Guid.NewGuid(), code, county.Id, new CaseIntake(
                    Channel.Hotline12345, CaseCategory.PropertyManagement, $"电梯停运{daysAgo}", "小区电梯长期停运。", [Party.Create($"赵某{daysAgo}", $"1390936{daysAgo:D4}", null)],
                    township.Id, village.Id, "新新村", at, TimeSpan.FromHours(1), CenterLevel.County), actor, at);
                if (daysAgo < 4)
                {
                    // Two of the three are handed to 住建局: the letter's likely addressee.
                    @case.Route(county.Id, CenterLevel.County, null, county.Name, actor, at.AddMinutes(10));
                    @case.Assess(RiskLevel.Medium, null, actor, at.AddMinutes(20));
                    @case.StartHandling(at.AddDays(5), "请按职责办理。", actor, at.AddMinutes(30), (housing.Id, housing.ShortName));
                }

                db.Cases.Add(@case);
            }
        });
        await risk.EvaluateAsync(CancellationToken.None);
        var scope = (string code, Center center) => new WallScope(center.Id, code, center.Name, center.Level);

        var countyView = (await queries.OpenAsync(scope("GZ", county), 10, CancellationToken.None)).ShouldHaveSingleItem();
        var townshipView = (await queries.OpenAsync(scope("DM", township), 10, CancellationToken.None)).ShouldHaveSingleItem();
        var otherViews = await queries.OpenAsync(scope("SJ", other), 10, CancellationToken.None);

        countyView.Cases.Select(c => c.Title).ShouldBe(["电梯停运1", "电梯停运2", "电梯停运4"], "newest first");
        countyView.Cases.ShouldAllBe(c => c.Place == "新新村综治中心");
        (await queries.SuggestDepartmentAsync(countyView.Warning, CancellationToken.None)).ShouldBe(housing.Id);
        townshipView.Warning.Id.ShouldBe(countyView.Warning.Id);
        otherViews.ShouldBeEmpty("沙井镇 has none of the cases");

        var director = new Operator(Guid.NewGuid(), "张建国", StaffRole.Director, null);
        await Should.ThrowAsync<DomainException>(() => risk.IssueLetterAsync(director, countyView.Warning.Id, Guid.Empty, "正文"));
        await risk.IssueLetterAsync(director, countyView.Warning.Id, housing.Id, "住建局：请三日内组织专题研判。");

        (await queries.OpenAsync(null, 10, CancellationToken.None)).ShouldBeEmpty();
        var letter = (await queries.LettersAsync(housing.Id, 10, CancellationToken.None)).ShouldHaveSingleItem();
        letter.Warning.LetterBody.ShouldBe("住建局：请三日内组织专题研判。");
        letter.Cases.Count.ShouldBe(3);
        (await queries.LettersAsync(market.Id, 10, CancellationToken.None)).ShouldBeEmpty();
        var settled = (await queries.SettledAsync(7, 10, CancellationToken.None)).ShouldHaveSingleItem();
        settled.LetterDepartmentName.ShouldBe("住建局");
        settled.LetterReadAt.ShouldBeNull();

        // A second dismissal of a settled warning is refused with who settled it.
        var again = await Should.ThrowAsync<DomainException>(() => risk.DismissAsync(director, countyView.Warning.Id, "重复"));
        again.Message.ShouldContain("张建国");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task OnlyAnAdministrator_SavesARule_AndEveryMistakeIsNamed(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.Create(provider, postgres, new FakeClock(Now)).MigrateAsync();
        var risk = database.Services.GetRequiredService<RiskService>();
        var queries = database.Services.GetRequiredService<RiskQueries>();
        await risk.SeedDefaultRulesAsync(CancellationToken.None);
        var admin = new Operator(Guid.NewGuid(), "系统管理员", StaffRole.Admin, null);
        var heating = new RiskRuleDraft("供热环比上升", RiskRuleKind.Rise, CaseCategory.Heating, 7, 5, 30, true);

        await Should.ThrowAsync<AccessDeniedException>(() => risk.SaveRuleAsync(new Operator(Guid.NewGuid(), "张建国", StaffRole.Director, null), null, heating));
        var bad = await Should.ThrowAsync<DomainException>(() => risk.SaveRuleAsync(admin, null, heating with { WindowDays = 0, MinCases = 1, RisePercent = null }));
        var id = await risk.SaveRuleAsync(admin, null, heating);
        var duplicate = await Should.ThrowAsync<DomainException>(() => risk.SaveRuleAsync(admin, null, heating with { Category = CaseCategory.WageArrears }));
        await risk.SaveRuleAsync(admin, id, heating with { RisePercent = 40, Enabled = false });

        bad.Message.ShouldBe("统计天数须在 1–90 天之间；案件数门槛须在 2–10000 件之间；环比上升幅度须在 1%–1000% 之间。");
        duplicate.Message.ShouldBe("已有名为「供热环比上升」的风险预警规则，请换一个名称。");
        var rules = await queries.RulesAsync(CancellationToken.None);
        rules.Count.ShouldBe(RiskRule.Defaults(Actor.System, Now).Count + 1);
        var saved = rules.Single(r => r.Id == id);
        saved.Describe().ShouldBe("「供热」类诉求近 7 天比前 7 天上升超过 40%，且不少于 5 件");
        saved.Enabled.ShouldBeFalse();
        saved.UpdatedBy.ShouldBe("系统管理员");
    }
}
