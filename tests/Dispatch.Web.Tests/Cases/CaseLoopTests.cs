using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Queries;
using Dispatch.Infrastructure.Whistles;
using Dispatch.Tests.Shared;
using Dispatch.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Cases;

/// <summary>The closed loop through the app's own use cases, on the seeded demo county.</summary>
[Collection(WebAppCollection.Name)]
public class CaseLoopTests(DispatchWebFactory factory)
{
    private CaseCommands Cases => factory.Services.GetRequiredService<CaseCommands>();

    private CaseIntakeCommands Intake => factory.Services.GetRequiredService<CaseIntakeCommands>();

    private DispatchQueries Queries => factory.Services.GetRequiredService<DispatchQueries>();

    private static IntakeForm Form(string phone, string township = "DM", string village = "XX", CaseCategory category = CaseCategory.Land) => new(
        Channel.WalkIn, category, "宅基地边界纠纷", "两户因宅基地边界争执，多次发生口角。", [new PartyForm("孙某某", phone, "62070219800101001X")], township, village, "新新村三社");

    private async Task<Case> CaseAsync(Guid id) => (await Queries.CaseAsync(id, CancellationToken.None))!;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 50)
        {
            waited.ShouldBeLessThan(5000, "the notice did not arrive within 5 s");
            await Task.Delay(50);
        }
    }

    private static Period Today()
    {
        var start = WorkingCalendar.StartOfLocalDay(DispatchWebFactory.Clock.GetUtcNow());
        return new Period(start, start.AddDays(1));
    }

    [Fact]
    public async Task Intake_route_whistle_acknowledge_result_dissatisfied_second_supervision_and_close()
    {
        var clerk = await DemoActions.OperatorAsync(factory.Services, "clerk");
        var director = await DemoActions.OperatorAsync(factory.Services, "director");
        var housing = await DemoActions.OperatorAsync(factory.Services, "zjj01");
        var housingId = await DemoActions.DepartmentIdAsync(factory.Services, "住建局");
        var before = await Queries.KpisAsync(Today(), CancellationToken.None);
        var heard = new System.Collections.Concurrent.ConcurrentQueue<DispatchNotice>();
        using var listening = factory.Services.GetRequiredService<LiveNotices>().Subscribe(n =>
        {
            heard.Enqueue(n);
            return Task.CompletedTask;
        });
        var consoleBefore = await Queries.ConsoleAsync(CancellationToken.None);

        // 受理: registered at the window with a photo, in the clerk's center.
        var registered = await Intake.RegisterAsync(clerk, Form("13909367001", category: CaseCategory.PropertyManagement),
            [new NewAttachment("现场照片.png", "image/png", [0x89, 0x50, 0x4E, 0x47, 1, 2, 3])]);
        CaseCode.Parse(registered.Code).CenterCode.ShouldBe("GZ");
        (await Queries.AttachmentsAsync(registered.Id, CancellationToken.None)).Single().FileName.ShouldBe("现场照片.png");
        var afterIntake = await Queries.KpisAsync(Today(), CancellationToken.None);
        afterIntake.TimelyAcceptance.Denominator.ShouldBe(before.TimelyAcceptance.Denominator + 1);
        afterIntake.TimelyAcceptance.Numerator.ShouldBe(before.TimelyAcceptance.Numerator + 1);

        // 分流 to 住建局, 研判, then a whistle starts the handling.
        var county = (await Queries.CentersAsync(CancellationToken.None)).Single(c => c.Level == CenterLevel.County);
        await Cases.RouteAsync(director, registered.Id, county.Id, housingId);
        await Cases.AssessAsync(director, registered.Id, RiskLevel.High, "涉及 40 户");
        var whistles = factory.Services.GetRequiredService<WhistleCommands>();
        var whistleId = await whistles.BlowAsync(director, registered.Id, [housingId], ResponsePolicy.Urgent, "请住建局到场");
        (await CaseAsync(registered.Id)).ShouldSatisfyAllConditions(
            c => c.Status.ShouldBe(CaseStatus.Handling),
            c => c.AssignedDepartmentId.ShouldBe(housingId),
            c => c.DueAt.ShouldNotBeNull());

        // 报到 and 反馈 by the department; the director ends the whistle; the department submits the result.
        var summonsId = await DemoActions.SummonsIdAsync(factory.Services, whistleId, "住建局");
        await whistles.AcknowledgeAsync(housing, summonsId);
        await whistles.MarkOnSiteAsync(housing, summonsId);
        await whistles.ReportAsync(housing, summonsId, "已到场协调物业，电梯当日修复");
        var early = await Should.ThrowAsync<DomainException>(() => Cases.SubmitResultAsync(housing, registered.Id, "吹哨还没结束"));
        early.Message.ShouldContain("吹哨尚未结束");
        await whistles.CloseAsync(director, whistleId, WhistleOutcome.ResolvedOnSite, null);
        var labour = await DemoActions.OperatorAsync(factory.Services, "rsj01");
        await Should.ThrowAsync<AccessDeniedException>(() => Cases.SubmitResultAsync(labour, registered.Id, "不是我们的案件"));
        await Cases.SubmitResultAsync(housing, registered.Id, "电梯已修复并通过检验");

        // 回访: dissatisfied → 二次督办 back to 住建局 with a new deadline, marked everywhere.
        await Cases.RecordFollowUpAsync(clerk, registered.Id, Satisfaction.Dissatisfied, "群众反映仍经常停运", 3);
        var supervised = await CaseAsync(registered.Id);
        supervised.Status.ShouldBe(CaseStatus.Handling);
        supervised.SupervisionCount.ShouldBe(1);
        supervised.AssignedDepartmentId.ShouldBe(housingId);
        var afterDissatisfied = await Queries.KpisAsync(Today(), CancellationToken.None);
        afterDissatisfied.Satisfaction.Denominator.ShouldBe(before.Satisfaction.Denominator + 1);
        afterDissatisfied.Satisfaction.Numerator.ShouldBe(before.Satisfaction.Numerator);
        afterDissatisfied.SecondSupervisions.ShouldBe(before.SecondSupervisions + 1);
        var console = await Queries.ConsoleAsync(CancellationToken.None);
        console.SupervisedCaseCount.ShouldBe(consoleBefore.SupervisedCaseCount + 1);
        (await Queries.HandlingByDepartmentAsync(housingId, CancellationToken.None)).ShouldContain(r => r.Id == registered.Id && r.SupervisionCount == 1);
        // The department's terminal hears that the case came back to it.
        await WaitUntilAsync(() => heard.Any(n => n.Kind == NoticeKind.CaseChanged && n.CaseId == registered.Id && n.Concerns(housingId) && n.Text.Contains("二次督办", StringComparison.Ordinal)));
        heard.Where(n => n.CaseId == registered.Id && n.Kind == NoticeKind.CaseChanged).ShouldAllBe(n => !n.Concerns(labour.DepartmentId!.Value));

        // Second result, satisfied follow-up, 结案.
        await Cases.SubmitResultAsync(housing, registered.Id, "更换电梯主板，连续一周运行正常");
        await Cases.RecordFollowUpAsync(clerk, registered.Id, Satisfaction.Satisfied, "电话回访，群众满意", null);
        await Cases.CloseAsync(director, registered.Id, "已化解，群众满意");

        var closed = await CaseAsync(registered.Id);
        closed.Status.ShouldBe(CaseStatus.Closed);
        closed.ClosedAtLevel.ShouldBe(CenterLevel.County);
        // The system's own lines (无人在岗, 催办) depend on who is on duty; the people's steps are the loop.
        closed.Timeline.Where(t => t.ActorName != Actor.System.Name).Select(t => t.Action).ShouldBe(
            ["受理登记", "上传附件", "分流", "研判", "吹哨", "开始处置", "部门报到", "部门到场", "部门反馈", "结束吹哨", "提交办理结果", "回访", "二次督办", "提交办理结果", "回访", "结案"],
            $"timeline: {string.Join("、", closed.Timeline.Select(t => t.Action))}");
        var after = await Queries.KpisAsync(Today(), CancellationToken.None);
        after.Satisfaction.Denominator.ShouldBe(before.Satisfaction.Denominator + 2);
        after.Satisfaction.Numerator.ShouldBe(before.Satisfaction.Numerator + 1);
        after.CasesClosed.ShouldBe(before.CasesClosed + 1);
        (await Queries.ConsoleAsync(CancellationToken.None)).SupervisedCaseCount.ShouldBe(consoleBefore.SupervisedCaseCount);
    }

    [Fact]
    public async Task Three_failed_village_mediations_move_the_case_to_the_township_and_two_more_to_the_county()
    {
        var clerk = await DemoActions.OperatorAsync(factory.Services, "clerk");
        var centers = await Queries.CentersAsync(CancellationToken.None);
        var village = centers.Single(c => c.Code == "XX");
        var township = centers.Single(c => c.Code == "DM");
        var registered = await Intake.RegisterAsync(clerk, Form("13909367002"), []);
        await Cases.RouteAsync(clerk, registered.Id, village.Id, null);
        await Cases.AssessAsync(clerk, registered.Id, RiskLevel.Medium, null);
        await Cases.StartHandlingAsync(clerk, registered.Id, null, 10, "村调委会调解");

        (await Cases.RecordMediationAsync(clerk, registered.Id, false, "双方分歧大")).ShouldBeFalse();
        (await Cases.RecordMediationAsync(clerk, registered.Id, false, "一方未到场")).ShouldBeFalse();
        (await CaseAsync(registered.Id)).CenterLevel.ShouldBe(CenterLevel.Village);
        (await Cases.RecordMediationAsync(clerk, registered.Id, false, "仍未达成一致")).ShouldBeTrue();

        var raised = await CaseAsync(registered.Id);
        raised.CenterId.ShouldBe(township.Id);
        raised.CenterLevel.ShouldBe(CenterLevel.Township);
        raised.MediationAttempts.ShouldBe(0);
        raised.Timeline.Where(t => t.Action == "调解").Select(t => t.Note).ShouldBe([
            "村（社区）级第 1/3 次调解未成功：双方分歧大",
            "村（社区）级第 2/3 次调解未成功：一方未到场",
            "村（社区）级第 3/3 次调解未成功：仍未达成一致",
        ]);
        raised.Timeline[^1].ShouldSatisfyAllConditions(t => t.Action.ShouldBe("升级"), t => t.ActorName.ShouldBe("系统"));

        await Cases.RecordMediationAsync(clerk, registered.Id, false, "镇调解未果");
        (await Cases.RecordMediationAsync(clerk, registered.Id, false, "镇第二次调解未果")).ShouldBeTrue();
        (await CaseAsync(registered.Id)).CenterLevel.ShouldBe(CenterLevel.County);
        var countyId = centers.Single(x => x.Level == CenterLevel.County).Id;
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        (await db.Cases.CountAsync(c => c.Id == registered.Id && c.CenterId == countyId)).ShouldBe(1);
    }

    [Fact]
    public async Task A_repeat_petition_is_found_as_a_duplicate_and_merged_into_the_open_case()
    {
        var clerk = await DemoActions.OperatorAsync(factory.Services, "clerk");
        var first = await Intake.RegisterAsync(clerk, Form("13909367003"), []);
        var center = (await Queries.StaffCenterAsync(clerk.StaffId, CancellationToken.None))!.Value;

        var (repeat, _) = await Intake.ValidateAsync(Form("13909367003") with { Channel = Channel.Hotline12345 }, center, null, CancellationToken.None);
        var (elsewhere, _) = await Intake.ValidateAsync(Form("13909367003", township: "SJ", village: "BM"), center, null, CancellationToken.None);

        (await Intake.FindDuplicatesAsync(repeat, CancellationToken.None)).Select(d => d.Code).ShouldContain(first.Code);
        (await Intake.FindDuplicatesAsync(elsewhere, CancellationToken.None)).Select(d => d.Code).ShouldNotContain(first.Code);
        var merged = await Intake.MergeAsync(clerk, first.Id, Form("13909367003") with { Channel = Channel.Hotline12345, Description = "再次来电反映边界纠纷" }, []);

        merged.ShouldBe(new RegisteredCase(first.Id, first.Code, true));
        var @case = await CaseAsync(first.Id);
        @case.MergedCount.ShouldBe(1);
        @case.Timeline[^1].Note.ShouldBe("12345热线｜孙某某：再次来电反映边界纠纷");
    }

    [Fact]
    public async Task Intake_reports_every_bad_field_at_once_and_saves_nothing()
    {
        var clerk = await DemoActions.OperatorAsync(factory.Services, "clerk");
        var bad = new IntakeForm(Channel.WalkIn, CaseCategory.Land, "", "", [new PartyForm("", "1390936", "620702198001010014")], "DM", "NG", null);

        var error = await Should.ThrowAsync<IntakeValidationException>(() => Intake.RegisterAsync(clerk, bad, []));

        error.Errors.Keys.Order().ShouldBe(["description", "parties[0].idNumber", "parties[0].name", "parties[0].phone", "title", "village"]);
        error.Errors["village"].Single().ShouldBe("「南关社区综治中心」不属于「大满镇综治中心」。");
        await Should.ThrowAsync<AccessDeniedException>(() => Intake.RegisterAsync(new Operator(Guid.NewGuid(), "大屏", StaffRole.WallDisplay, null), Form("13909367004"), []));
    }
}
