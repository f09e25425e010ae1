using Bunit;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Queries;
using Dispatch.Web.Components.Pages.Console;
using Dispatch.Web.Realtime;
using MudBlazor;

namespace Dispatch.Web.Tests.Components;

/// <summary>The console's 「待处理」 list and the alerts that reach the director.</summary>
public sealed class ConsoleComponentTests : ComponentTest
{
    [Fact]
    public void The_inbox_lists_declines_and_overdue_summonses_oldest_first_then_raised_cases()
    {
        var declinedLater = Rows.Summons(Now.AddMinutes(-30), SummonsState.Declined, "人社局", declinedAt: Now.AddMinutes(-4), declineReason: "不属于本部门职责");
        var overdueLong = Rows.Summons(Now.AddMinutes(-40), department: "住建局");
        var overdueShort = Rows.Summons(Now.AddMinutes(-17), department: "民政局");
        var running = Rows.Summons(Now.AddMinutes(-5), department: "司法局");
        var whistles = new[]
        {
            Rows.Whistle("GZ-2026-000301-A", Now.AddMinutes(-30), declinedLater, running),
            Rows.Whistle("GZ-2026-000302-A", Now.AddMinutes(-40), overdueLong),
            Rows.Whistle("GZ-2026-000303-A", Now.AddMinutes(-17), overdueShort),
        };
        var raised = new[]
        {
            new RaisedCaseRow(Guid.NewGuid(), "GZ-2026-000304-A", "宅基地纠纷", Now.AddHours(-1), "由乡镇（街道）升至甘州区综治中心：调解 2 次未成"),
        };

        var items = ConsoleInbox.Build(whistles, raised, Now);

        items.Select(i => (i.Kind, i.CaseCode, i.Department)).ShouldBe(
        [
            (AttentionKind.Overdue, "GZ-2026-000302-A", "住建局"),
            (AttentionKind.Declined, "GZ-2026-000301-A", "人社局"),
            (AttentionKind.Overdue, "GZ-2026-000303-A", "民政局"),
            (AttentionKind.Raised, "GZ-2026-000304-A", null),
        ]);
        items[0].Detail.ShouldBe("报到超时 25分00秒");
        items[1].Detail.ShouldBe("退回：不属于本部门职责");

        Guid? selected = null;
        var inbox = Render<Inbox>(p => p.Add(i => i.Items, items).Add(i => i.Now, Now).Add(i => i.Select, id => selected = id));
        inbox.Find("#inbox").GetAttribute("data-count").ShouldBe("4");
        inbox.FindAll(".inbox-tag").Select(t => t.TextContent).ShouldBe(["超时", "退回待定", "超时", "下级上交"]);
        inbox.FindAll(".inbox-since")[1].TextContent.ShouldBe("4分00秒前退回");
        inbox.FindAll(".inbox-action")[0].Click();
        selected.ShouldBe(whistles[1].Id);
        inbox.FindAll(".inbox-action")[3].GetAttribute("href").ShouldBe($"cases/{raised[0].CaseId}");
    }

    [Fact]
    public void An_empty_inbox_says_there_is_nothing_to_do()
    {
        var inbox = Render<Inbox>(p => p.Add(i => i.Items, ConsoleInbox.Build([Rows.Whistle("GZ-2026-000305-A", Now, Rows.Summons(Now.AddMinutes(-1)))], [], Now)).Add(i => i.Now, Now));

        inbox.Find("#inbox").GetAttribute("data-count").ShouldBe("0");
        inbox.Find(".inbox-empty").TextContent.ShouldContain("没有待处理事项");
    }

    [Theory]
    [InlineData(NoticeKind.Declined, "部门退回：不属于本部门职责", "GZ-2026-000306-A 人社局：部门退回：不属于本部门职责。请改派或坚持交办", Severity.Error, "summons")]
    [InlineData(NoticeKind.Flagged, "报到超时，已提请中心督办", "GZ-2026-000306-A 人社局：报到超时，已提请中心督办", Severity.Error, "summons")]
    [InlineData(NoticeKind.Acknowledged, "李军 已报到", "GZ-2026-000306-A 人社局：李军 已报到", Severity.Success, "ack")]
    public void A_decline_an_overdue_step_and_an_acknowledgement_reach_the_director_with_their_case_and_department(NoticeKind kind, string text, string shown, Severity severity, string tone)
    {
        var notice = new DispatchNotice(kind, Guid.NewGuid(), null, Guid.NewGuid(), Guid.NewGuid(), [Guid.NewGuid()], text, Now);

        ConsoleAlert.For(notice, "GZ-2026-000306-A", "人社局").ShouldBe(new ConsoleAlert(shown, severity, tone));
    }

    [Fact]
    public void A_raised_case_reaches_the_director_and_quiet_changes_do_not()
    {
        var raised = new DispatchNotice(NoticeKind.CaseRaised, Guid.NewGuid(), "GZ-2026-000307-A", null, null, [], "案件 GZ-2026-000307-A 已由乡镇（街道）升级至县（区）中心", Now);
        var changed = raised with { Kind = NoticeKind.CaseChanged };

        ConsoleAlert.For(raised, null, null)!.Text.ShouldBe("案件 GZ-2026-000307-A 已由乡镇（街道）升级至县（区）中心，请及时分流");
        ConsoleAlert.For(changed, null, null).ShouldBeNull();
    }
}
