using Bunit;
using Dispatch.Domain.Whistles;
using Dispatch.Web.Components.Pages.Terminal;

namespace Dispatch.Web.Tests.Components;

/// <summary>The terminal's summons card and alarm stack: what a department is told, and the one button for its next step.</summary>
public sealed class TerminalComponentTests : ComponentTest
{
    [Fact]
    public void A_new_summons_says_what_it_is_for_and_has_one_acknowledge_button()
    {
        var summons = Rows.Summons(Now.AddMinutes(-3));
        var whistle = Rows.Whistle("GZ-2026-000101-A", Now.AddMinutes(-3), summons);

        var card = Render<SummonsCard>(p => p.Add(c => c.Whistle, whistle).Add(c => c.Summons, summons).Add(c => c.Brief, Rows.Brief(whistle)).Add(c => c.Now, Now));

        card.Find(".urgency-band").TextContent.ShouldBe("新的召集：请立即报到 · 剩 12分00秒");
        card.Find(".brief-message").TextContent.ShouldContain("请带供热合同到场");
        card.Find(".summons-card-title").TextContent.ShouldContain("诉求 GZ-2026-000101-A");
        card.Find(".summons-card-title").TextContent.ShouldContain("供热");
        card.Find(".brief-place").TextContent.ShouldBe("梁家墩镇 · 清凉寺村 · 清凉寺村 3 组");
        card.Find(".brief-parties").TextContent.ShouldContain("李某明");
        card.Find(".brief-parties a").GetAttribute("href").ShouldBe("tel:13970390122");
        card.FindAll(".brief-others .other").Select(o => o.GetAttribute("data-department")).ShouldBe(["热力公司", "市场监管局"]);
        card.Find(".brief-others .other.overdue").TextContent.ShouldContain("超时");
        card.Find(".brief-contact a").GetAttribute("href").ShouldBe("tel:13909360001");
        card.FindAll(".deadline").Select(d => d.TextContent.Trim()).ShouldBe(
            ["报到时限 11-17 10:12（剩 12分00秒）", "到场时限 11-17 11:57（剩 1小时57分）", "反馈时限 11-20 09:57（剩 2天23小时）"]);
        card.FindAll("button").Count(b => b.TextContent.Trim() == "报到").ShouldBe(1);
    }

    [Fact]
    public void Acknowledging_calls_back_with_the_summons()
    {
        var summons = Rows.Summons(Now.AddMinutes(-3));
        var whistle = Rows.Whistle("GZ-2026-000102-A", Now.AddMinutes(-3), summons);
        Guid? acknowledged = null;

        var card = Render<SummonsCard>(p => p.Add(c => c.Whistle, whistle).Add(c => c.Summons, summons).Add(c => c.Now, Now)
            .Add(c => c.Acknowledge, id => acknowledged = id));
        card.Find("button[data-step=acknowledge]").Click();

        acknowledged.ShouldBe(summons.Id);
    }

    [Fact]
    public void An_overdue_summons_is_marked_with_how_late_it_is_and_an_escalated_one_as_escalated()
    {
        var overdue = Rows.Summons(Now.AddMinutes(-20));
        var escalated = Rows.Summons(Now.AddMinutes(-50), escalated: true);

        var late = Render<SummonsCard>(p => p.Add(c => c.Whistle, Rows.Whistle("GZ-2026-000103-A", Now.AddMinutes(-20), overdue)).Add(c => c.Summons, overdue).Add(c => c.Now, Now));
        var raised = Render<SummonsCard>(p => p.Add(c => c.Whistle, Rows.Whistle("GZ-2026-000104-A", Now.AddMinutes(-50), escalated)).Add(c => c.Summons, escalated).Add(c => c.Now, Now));

        late.Find(".urgency-band").TextContent.Trim().ShouldBe("已超时：报到超时 5分00秒");
        late.Find(".summons-card").ClassList.ShouldContain("overdue");
        raised.Find(".urgency-band").TextContent.Trim().ShouldBe("已升级：报到超时 35分00秒");
        raised.Find(".summons-card").ClassList.ShouldContain("escalated");
    }

    [Fact]
    public void An_acknowledged_summons_offers_on_site_next_and_a_reported_one_no_button()
    {
        var acknowledged = Rows.Summons(Now.AddMinutes(-10), SummonsState.Acknowledged);
        var reported = Rows.Summons(Now.AddHours(-6), SummonsState.Reported);

        var next = Render<SummonsCard>(p => p.Add(c => c.Whistle, Rows.Whistle("GZ-2026-000105-A", Now, acknowledged)).Add(c => c.Summons, acknowledged).Add(c => c.Now, Now));
        var done = Render<SummonsCard>(p => p.Add(c => c.Whistle, Rows.Whistle("GZ-2026-000106-A", Now, reported)).Add(c => c.Summons, reported).Add(c => c.Now, Now));

        next.Find("button[data-step]").GetAttribute("data-step").ShouldBe("on-site");
        next.FindAll(".urgency-band").ShouldBeEmpty();
        next.Find(".summons-state").TextContent.ShouldBe("已报到");
        done.FindAll("button").ShouldBeEmpty();
        done.Find(".actions").TextContent.ShouldContain("等待中心结束吹哨");
    }

    [Fact]
    public void A_refused_decline_keeps_the_reason_typed_and_an_accepted_one_closes_the_box()
    {
        var summons = Rows.Summons(Now.AddMinutes(-3));
        var whistle = Rows.Whistle("GZ-2026-000107-A", Now, summons);
        var accept = false;
        var card = Render<SummonsCard>(p => p.Add(c => c.Whistle, whistle).Add(c => c.Summons, summons).Add(c => c.Now, Now)
            .Add(c => c.Decline, (_, _) => Task.FromResult(accept)));

        card.Find(".decline-button").Click();
        card.Find(".composer-submit").HasAttribute("disabled").ShouldBeTrue();
        card.Find(".composer-text").Input("不属于住建局职责，建议由热力公司办理");
        card.Find(".composer-submit").Click();
        card.Find(".composer-text").GetAttribute("value").ShouldBe("不属于住建局职责，建议由热力公司办理");

        accept = true;
        card.Find(".composer-submit").Click();
        card.FindAll(".composer").ShouldBeEmpty();
    }

    [Fact]
    public void The_alarm_stack_puts_escalated_then_overdue_then_new_then_running_summonses_first()
    {
        var running = Rows.Summons(Now.AddMinutes(-30), SummonsState.Acknowledged, "住建局");
        var waiting = Rows.Summons(Now.AddMinutes(-2), department: "住建局");
        var overdue = Rows.Summons(Now.AddMinutes(-20), department: "住建局");
        var escalated = Rows.Summons(Now.AddMinutes(-40), department: "住建局", escalated: true);
        var whistles = new[]
        {
            Rows.Whistle("GZ-2026-000201-A", Now.AddMinutes(-30), running),
            Rows.Whistle("GZ-2026-000202-A", Now.AddMinutes(-2), waiting),
            Rows.Whistle("GZ-2026-000203-A", Now.AddMinutes(-20), overdue),
            Rows.Whistle("GZ-2026-000204-A", Now.AddMinutes(-40), escalated),
        };

        var stack = Render<AlarmStack>(p => p.Add(s => s.Whistles, whistles).Add(s => s.Now, Now));

        stack.FindAll(".summons-card").Select(c => c.GetAttribute("data-summons")).ShouldBe(
            [escalated.Id.ToString(), overdue.Id.ToString(), waiting.Id.ToString(), running.Id.ToString()]);
        stack.FindAll(".summons-card").Select(c => c.GetAttribute("data-urgency")).ShouldBe(["Escalated", "Overdue", "Waiting", "Running"]);
        stack.FindAll("button[data-step=acknowledge]").Count.ShouldBe(3);
    }
}
