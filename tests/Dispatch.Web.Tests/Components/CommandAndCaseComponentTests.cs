using Bunit;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Queries;
using Dispatch.Web.Components.Pages.Cases;
using Dispatch.Web.Components.Pages.Console;
using Dispatch.Web.Tests.Walls;
using Dispatch.Web.Walls;

namespace Dispatch.Web.Tests.Components;

/// <summary>The whistle panel's actions by role, and the case page's whistles and map pin.</summary>
public sealed class CommandAndCaseComponentTests : ComponentTest
{
    private static readonly IReadOnlyList<DepartmentRow> Departments =
        [new(Guid.NewGuid(), "甘州区住房和城乡建设局", "住建局", Guid.Empty), new(Guid.NewGuid(), "甘州区人力资源和社会保障局", "人社局", Guid.Empty)];

    private static WhistleRow Running() => Rows.Whistle("GZ-2026-000401-A", Now.AddMinutes(-30),
        Rows.Summons(Now.AddMinutes(-30), SummonsState.Acknowledged),
        Rows.Summons(Now.AddMinutes(-30), SummonsState.Declined, "城管局", declinedAt: Now.AddMinutes(-10), declineReason: "不属于本局职责"));

    private IRenderedComponent<WhistlePanel> Panel(bool canCommand, List<string> calls) =>
        Render<WhistlePanel>(p => p
            .Add(w => w.Whistle, Running()).Add(w => w.Now, Now).Add(w => w.Departments, Departments).Add(w => w.CanCommand, canCommand)
            .Add(w => w.Urge, (Action<(Guid, string?)>)(_ => calls.Add("urge")))
            .Add(w => w.Insist, (Action<(Guid, string)>)(_ => calls.Add("insist")))
            .Add(w => w.Close, (Action<(Guid, WhistleOutcome, string?)>)(_ => calls.Add("close"))));

    [Fact]
    public void The_director_urges_settles_a_decline_and_closes_from_the_panel()
    {
        var calls = new List<string>();
        var panel = Panel(canCommand: true, calls);

        panel.Find(".summons-line[data-department='住建局'] .urge-button").Click();
        panel.Find(".decline-actions input").Input("职责清单第 12 项");
        panel.FindAll(".decline-actions button").Single(b => b.TextContent == "坚持交办").Click();
        panel.Find("#close-whistle").HasAttribute("disabled").ShouldBeTrue();
        panel.FindAll(".outcome input")[0].Change(true);
        panel.Find("#close-whistle").Click();

        calls.ShouldBe(["urge", "insist", "close"]);
    }

    [Fact]
    public void A_leader_sees_the_states_and_the_decline_reason_but_no_button_to_act()
    {
        var panel = Panel(canCommand: false, []);

        panel.FindAll(".summons-line").Count.ShouldBe(2);
        panel.Find(".decline-box").TextContent.ShouldContain("不属于本局职责");
        panel.FindAll("button").ShouldBeEmpty();
        panel.FindAll("input, select").ShouldBeEmpty();
    }

    [Fact]
    public void The_case_page_lists_each_summoned_department_with_its_state()
    {
        var closed = Rows.Whistle("GZ-2026-000401-A", Now.AddDays(-2), Rows.Summons(Now.AddDays(-2), SummonsState.Reported)) with
        {
            Status = WhistleStatus.Closed,
            Outcome = WhistleOutcome.ResolvedOnSite,
            ClosedAt = Now.AddDays(-1),
        };
        WhistleRow[] whistles = [Running(), closed];

        var section = Render<CaseWhistles>(p => p.Add(c => c.Whistles, whistles).Add(c => c.Now, Now));

        section.FindAll(".case-whistle").Count.ShouldBe(2);
        var running = section.Find(".case-whistle.running");
        running.QuerySelector(".case-whistle-status")!.TextContent.Trim().ShouldBe("进行中");
        running.QuerySelector("tr[data-department='住建局'] .summons-state")!.TextContent.ShouldBe("已报到");
        running.QuerySelector("tr[data-department='城管局']")!.TextContent.ShouldContain("退回：不属于本局职责");
        section.Find(".case-whistle.closed .case-whistle-status").TextContent.ShouldContain("已结束");
        section.Find(".case-whistle.closed tr[data-department='住建局'] .summons-state").TextContent.ShouldBe("已反馈");
    }

    [Fact]
    public void A_case_with_coordinates_gets_a_pin_where_they_lie_on_the_county_map()
    {
        var map = new WallCatalog(WallFiles.ShippedDirectory).LocatorMap();
        map.ShouldNotBeNull();
        map.Bounds.ShouldNotBeNull();

        // The middle of the bounds is the middle of the drawing; the township is highlighted.
        var longitude = (map.Bounds.West + map.Bounds.East) / 2;
        var latitude = (map.Bounds.South + map.Bounds.North) / 2;
        var location = Render<CaseLocation>(p => p.Add(c => c.Longitude, longitude).Add(c => c.Latitude, latitude).Add(c => c.Map, map).Add(c => c.TownshipCode, "XJ"));

        var pin = location.Find(".map-pin");
        pin.GetAttribute("data-x").ShouldBe("500");
        pin.GetAttribute("data-y").ShouldBe("330");
        location.Find(".locator-area.current").ShouldNotBeNull();
        location.FindAll(".locator-area").Count.ShouldBe(map.Areas.Count);
    }

    [Fact]
    public void Coordinates_outside_the_county_say_so_instead_of_a_pin()
    {
        var map = new WallCatalog(WallFiles.ShippedDirectory).LocatorMap();

        var location = Render<CaseLocation>(p => p.Add(c => c.Longitude, 116.4).Add(c => c.Latitude, 39.9).Add(c => c.Map, map));

        location.FindAll(".map-pin").ShouldBeEmpty();
        location.Find(".empty").TextContent.ShouldContain("不在本县地图范围内");
        location.Find(".panel-note").TextContent.ShouldBe("经度 116.40000°，纬度 39.90000°");
    }
}
