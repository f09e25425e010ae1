using Dispatch.Domain.Messaging;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Escalation;
using Dispatch.Infrastructure.Messaging;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Presence;
using Dispatch.Infrastructure.Reports;
using Dispatch.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Web.Tests.Messaging;

/// <summary>What the generic gateway receives for a whistle, each escalation step, a retried failure, a job run twice and the bulletin.</summary>
public sealed class SmsDeliveryTests(SmsTestApp sms) : IClassFixture<SmsTestApp>
{
    [Fact]
    public async Task AWhistleToTwoDepartments_TextsWhoIsOnDuty_ElseTheStaffAndHead_AndNamesWhoHasNoMobile()
    {
        // 住建局's zjj01 goes off duty: nobody there is on duty now; 人社局's rsj01 is.
        await sms.Get<DutyCommands>().GoOffDutyAsync(await DemoActions.OperatorAsync(sms.App.Services, "zjj01"));
        var whistleId = await sms.BlowAsync(ResponsePolicy.Normal, "住建局", "人社局");

        var texts = await sms.TextsAsync(whistleId);
        var delivered = await sms.DeliverAllAsync(whistleId);

        delivered.ShouldAllBe(d => d.Result == DeliveryResult.Sent);
        var received = sms.ReceivedFor(texts);
        received.Select(r => r.Phone).Order().ShouldBe([
            "13909370001", // 刘志刚, 住建局's head: nobody on duty (the summons) and nobody present (the urge)
            "13909370001",
            "13909370002", // 陈丽华, 人社局's head: nobody present
            "13909380001", // zjj01: 住建局's staff, nobody on duty
            "13909380003", // rsj01: on duty at 人社局
        ]);
        var summons = received.Single(r => r.Phone == "13909380003");
        var @case = texts.First();
        summons.Text.ShouldStartWith("【甘州综治】吹哨召集：请人社局于");
        summons.Text.ShouldContain("前报到。案件");
        summons.Text.ShouldContain("报到请点 https://dispatch.test/m/");
        SmsTestApp.TokenIn(summons.Text).Length.ShouldBe(22);
        received.Where(r => r.Phone == "13909370001").Select(r => r.Text).ShouldContain(t => t.Contains("住建局被吹哨召集时无人在岗"));

        // zjj02 has no mobile on file: not texted, and named on the console with the reason.
        var skipped = texts.Single(t => t.State == TextState.Skipped);
        skipped.RecipientName.ShouldContain("住建局");
        skipped.LastError.ShouldBe("未登记手机号");
        (await sms.Get<Infrastructure.Queries.DispatchQueries>().TextsAsync([whistleId], CancellationToken.None))
            .Where(t => t.State == TextState.Skipped).Select(t => t.Reason).ShouldBe(["未登记手机号"]);

        // Planning again (the sweep, another node) plans nothing new.
        (await sms.Get<TextPlanner>().PlanWhistleAsync(whistleId, CancellationToken.None)).ShouldBe(0);
        (await sms.TextsAsync(whistleId)).Count.ShouldBe(texts.Count);
        await sms.Get<DutyCommands>().GoOnDutyAsync(await DemoActions.OperatorAsync(sms.App.Services, "zjj01"));
    }

    [Fact]
    public async Task EachEscalationStep_IsTextedOnce_SayingWhatIsLate()
    {
        var whistleId = await sms.BlowAsync(ResponsePolicy.Normal, "卫健局");
        await sms.DeliverAllAsync(whistleId);
        var escalation = sms.Get<EscalationService>();

        // Half the 15 minutes gone: 提醒 to wjj01, on duty.
        sms.Clock.Advance(TimeSpan.FromMinutes(8));
        (await escalation.EscalateAsync(whistleId, CancellationToken.None)).ShouldBe(1);
        await sms.Get<TextPlanner>().PlanWhistleAsync(whistleId, CancellationToken.None);
        var reminder = (await sms.TextsAsync(whistleId)).Single(t => t.Purpose == TextPurpose.Reminder);
        reminder.Phone.ShouldBe("13909380005");
        reminder.Text.ShouldContain("召集卫健局，报到时限");
        reminder.Text.ShouldContain("还剩7分钟");

        // Past the limit: 催办 to 马文斌, the head, saying the 报到 is late.
        sms.Clock.Advance(TimeSpan.FromMinutes(8));
        (await escalation.EscalateAsync(whistleId, CancellationToken.None)).ShouldBe(2);
        await escalation.EscalateAsync(whistleId, CancellationToken.None);
        await sms.Get<TextPlanner>().PlanWhistleAsync(whistleId, CancellationToken.None);
        await sms.Get<TextPlanner>().PlanWhistleAsync(whistleId, CancellationToken.None);
        var texts = await sms.TextsAsync(whistleId);
        var urge = texts.Single(t => t.Purpose == TextPurpose.Urge);
        urge.Phone.ShouldBe("13909370003");
        urge.Text.ShouldContain("催办：卫健局未在");
        urge.Text.ShouldContain("的报到（已超时1分钟）");
        texts.Count(t => t.Purpose == TextPurpose.Reminder).ShouldBe(1);

        await sms.DeliverAllAsync(whistleId);
        var received = sms.ReceivedFor(texts);
        received.Count(r => r.Text.Contains("提醒：")).ShouldBe(1);
        received.Count(r => r.Text.Contains("催办：卫健局未在")).ShouldBe(1);
    }

    [Fact]
    public async Task AFailedSend_IsTriedAgainWithBackoff_AndA4xxIsFinalWithItsReason()
    {
        var whistleId = await sms.BlowAsync(ResponsePolicy.Normal, "民政局");
        var texts = await sms.TextsAsync(whistleId);
        var staff = texts.Single(t => t.Purpose == TextPurpose.Summons && t.Phone == "13909380011");
        var head = texts.Single(t => t.Purpose == TextPurpose.NobodyPresent);
        var delivery = sms.Get<TextDelivery>();

        sms.Gateway.Answer(503, 400);
        (await delivery.DeliverAsync(staff.Id, CancellationToken.None)).ShouldBe(DeliveryResult.Deferred);
        (await delivery.DeliverAsync(head.Id, CancellationToken.None)).ShouldBe(DeliveryResult.Failed);

        var waiting = (await sms.TextsAsync(whistleId)).Single(t => t.Id == staff.Id);
        waiting.State.ShouldBe(TextState.Queued);
        waiting.LastError.ShouldBe("短信网关暂不可用（HTTP 503）");
        waiting.NotBefore.ShouldBe(sms.Clock.GetUtcNow().AddSeconds(10));
        (await delivery.DeliverAsync(staff.Id, CancellationToken.None)).ShouldBe(DeliveryResult.Deferred); // not before its time

        sms.Clock.Advance(TimeSpan.FromSeconds(11));
        (await delivery.DeliverAsync(staff.Id, CancellationToken.None)).ShouldBe(DeliveryResult.Sent);
        sms.Gateway.Attempts.Count(a => a == staff.Id.ToString("N")).ShouldBe(2);
        sms.ReceivedFor([staff]).Count.ShouldBe(1);

        var failed = (await sms.TextsAsync(whistleId)).Single(t => t.Id == head.Id);
        failed.State.ShouldBe(TextState.Failed);
        failed.LastError!.ShouldStartWith("短信网关拒绝（HTTP 400）：");
        (await delivery.DeliverAsync(head.Id, CancellationToken.None)).ShouldBe(DeliveryResult.Nothing);
        (await sms.Get<Infrastructure.Queries.DispatchQueries>().TextsAsync([whistleId], CancellationToken.None))
            .Single(t => t.Id == head.Id).Reason!.ShouldStartWith("短信网关拒绝（HTTP 400）");
    }

    [Fact]
    public async Task AJobRunTwice_SendsTheTextOnce()
    {
        var whistleId = await sms.BlowAsync(ResponsePolicy.Normal, "司法局");
        var text = (await sms.TextsAsync(whistleId)).First(t => t.Purpose == TextPurpose.Summons && t.State == TextState.Queued);
        var delivery = sms.Get<TextDelivery>();

        var results = await Task.WhenAll(delivery.DeliverAsync(text.Id, CancellationToken.None), delivery.DeliverAsync(text.Id, CancellationToken.None));
        var again = await delivery.DeliverAsync(text.Id, CancellationToken.None);

        results.Count(r => r == DeliveryResult.Sent).ShouldBe(1);
        again.ShouldBe(DeliveryResult.Nothing);
        sms.ReceivedFor([text]).Count.ShouldBe(1);
        (await sms.TextsAsync(whistleId)).Single(t => t.Id == text.Id).State.ShouldBe(TextState.Sent);
    }

    [Fact]
    public async Task TheDailyBulletin_TextsEveryCountyDepartmentHeadAndTownshipDirector()
    {
        var bulletin = await sms.Get<BulletinService>().PublishNowAsync(await DemoActions.OperatorAsync(sms.App.Services, "director"), CancellationToken.None);
        await sms.Get<TextPlanner>().PlanBulletinAsync(bulletin.Id, CancellationToken.None);
        await sms.Get<TextPlanner>().PlanBulletinAsync(bulletin.Id, CancellationToken.None);

        var texts = (await sms.TextsAsync()).Where(t => t.Purpose == TextPurpose.Bulletin).ToList();
        texts.Count.ShouldBe(14 + 6);
        texts.ShouldAllBe(t => t.State == TextState.Queued);
        foreach (var text in texts)
        {
            await sms.Get<TextDelivery>().DeliverAsync(text.Id, CancellationToken.None);
        }

        var received = sms.ReceivedFor(texts);
        received.Count.ShouldBe(20);
        received.Select(r => r.Phone).Distinct().Count().ShouldBe(20);
        received.ShouldContain(r => r.Phone == "13909370001");
        received.ShouldContain(r => r.Phone == "13909361103"); // 大满镇's director
        received.ShouldAllBe(r => r.Text.Contains($"{bulletin.Day.Month}月{bulletin.Day.Day}日信访通报：受理") && r.Text.Contains("https://dispatch.test/bulletins/"));
    }

    [Fact]
    public async Task A_whistles_texts_go_out_in_one_job_each_once_even_when_the_job_runs_twice()
    {
        var whistleId = await sms.BlowAsync(ResponsePolicy.Normal, "卫健局", "人社局");
        var queued = (await sms.TextsAsync(whistleId)).Where(t => t.State == TextState.Queued).ToList();
        queued.Count.ShouldBeGreaterThan(1);
        var job = new TextDeliveryJob(sms.Get<TextDelivery>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<TextDeliveryJob>.Instance);

        var sent = await job.SendManyAsync([.. queued.Select(t => t.Id)], CancellationToken.None);
        var again = await job.SendManyAsync([.. queued.Select(t => t.Id)], CancellationToken.None);

        var after = (await sms.TextsAsync(whistleId)).Where(t => queued.Any(q => q.Id == t.Id)).ToList();
        sent.ShouldBe(after.Count(t => t.SentAt is not null));
        sent.ShouldBeGreaterThan(1);
        again.ShouldBe(0);
        sms.ReceivedFor(queued).GroupBy(r => r.Id).ShouldAllBe(g => g.Count() == 1);
        sms.ReceivedFor(queued).Count.ShouldBe(sent);
    }

    [Fact]
    public async Task Texts_planned_together_are_handed_to_the_job_server_as_one_job_and_a_single_one_alone()
    {
        var client = new RecordingJobClient();
        var dispatch = new HangfireTextDispatch(client, TimeProvider.System);
        Guid[] three = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

        await dispatch.EnqueueAsync(three, CancellationToken.None);
        await dispatch.EnqueueAsync([three[0]], CancellationToken.None);

        client.Jobs.Select(j => j.Method.Name).ShouldBe([nameof(TextDeliveryJob.SendManyAsync), nameof(TextDeliveryJob.SendAsync)]);
        ((Guid[])client.Jobs[0].Args[0]).ShouldBe(three);
        client.Jobs[1].Args[0].ShouldBe(three[0]);
    }

    private sealed class RecordingJobClient : Hangfire.IBackgroundJobClient
    {
        public List<Hangfire.Common.Job> Jobs { get; } = [];

        public string Create(Hangfire.Common.Job job, Hangfire.States.IState state)
        {
            Jobs.Add(job);
            return Jobs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool ChangeState(string jobId, Hangfire.States.IState state, string expectedState) => true;
    }
}
