using Bunit;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Queries;
using Dispatch.Web.Components.Wall;
using Dispatch.Web.Tests.Walls;
using Dispatch.Web.Walls;

namespace Dispatch.Web.Tests.Components;

/// <summary>
/// The wall's other tiles on the shipped layouts: the department board and the escalation list
/// page in turns and say when they are empty; a KPI tile is judged green, amber or red by its
/// file's thresholds and grey when there is nothing to measure.
/// </summary>
public sealed class WallBoardTileTests : ComponentTest
{
    private static readonly WallCatalog Catalog = new(WallFiles.ShippedDirectory);

    private static readonly WallLayout County = Catalog.Find("county-3x2")!.Layout!;

    private static readonly WallLayout Township = Catalog.Find("township-1x1")!.Layout!;

    private static WallTile TileOf(WallLayout layout, WallTileType type) => layout.Tiles.First(t => t.Type == type);

    private static WallData Data(
        IReadOnlyList<DepartmentLoad>? departments = null,
        IReadOnlyList<EscalationRow>? escalations = null,
        KpiSnapshot? month = null) => new(
        new WallScope(Guid.NewGuid(), "GZ", "甘州区综治中心", CenterLevel.County), Now,
        new WallCounts(10, 1, 2, 0, 0), [], [],
        month is null ? new Dictionary<WallPeriod, KpiSnapshot>() : new Dictionary<WallPeriod, KpiSnapshot> { [WallPeriod.Month] = month },
        departments ?? [], [], [], [], escalations ?? [], []);

    private IRenderedComponent<T> RenderTile<T>(WallLayout layout, WallTileType type, WallData data, int rotation = 0)
        where T : WallTileBase =>
        Render<T>(p => p.Add(t => t.Layout, layout).Add(t => t.Tile, TileOf(layout, type)).Add(t => t.Data, data).Add(t => t.Now, Now).Add(t => t.Rotation, rotation));

    private static int Rows(WallLayout layout, WallTileType type) => type == WallTileType.DepartmentBoard
        ? WallGeometry.Capacity(layout, TileOf(layout, type), WallGeometry.ListRow, WallGeometry.TableHead)
        : WallGeometry.Capacity(layout, TileOf(layout, type), WallGeometry.ListRow);

    [Fact]
    public void The_department_board_pages_in_turns_and_marks_departments_with_overdue_summonses()
    {
        var rows = Rows(Township, WallTileType.DepartmentBoard);
        var departments = Enumerable.Range(0, rows + 2)
            .Select(i => new DepartmentLoad(Guid.NewGuid(), $"部门{i:D2}", 1, i == 0 ? 1 : 0, 1, TimeSpan.FromMinutes(6.5)))
            .ToList();

        var first = RenderTile<DepartmentBoardTile>(Township, WallTileType.DepartmentBoard, Data(departments));
        var second = RenderTile<DepartmentBoardTile>(Township, WallTileType.DepartmentBoard, Data(departments), rotation: 1);

        first.Find(".tile-pager").TextContent.ShouldBe("1/2");
        var shown = first.FindAll("tr[data-board-department]").Select(r => r.GetAttribute("data-board-department")!)
            .Concat(second.FindAll("tr[data-board-department]").Select(r => r.GetAttribute("data-board-department")!))
            .ToList();
        shown.ShouldBe(departments.Select(d => d.Name));
        first.Find("tr[data-board-department='部门00']").ClassList.ShouldContain("late");
        first.Find("tr[data-board-department='部门00']").TextContent.ShouldContain("6.5分");
        // Without a duty board nobody knows who is present: 未知, never 无人.
        first.Find("tr[data-board-department='部门01'] td:last-child").TextContent.ShouldBe("未知");
    }

    [Fact]
    public void The_escalation_list_says_when_there_is_none_and_marks_a_raise_to_the_level_above()
    {
        RenderTile<EscalationsTile>(County, WallTileType.Escalations, Data()).Find(".escalations .empty").TextContent.ShouldBe("近7日没有超时升级");

        var rows = Rows(County, WallTileType.Escalations);
        var escalations = Enumerable.Range(0, rows + 1)
            .Select(i => new EscalationRow(Now.AddMinutes(-i), $"GZ-2026-{i:D6}-X", "住建局",
                i == 0 ? EscalationAction.EscalateToLevelAbove : EscalationAction.RemindTerminal, DeadlineKind.Acknowledge, "remind"))
            .ToList();
        var tile = RenderTile<EscalationsTile>(County, WallTileType.Escalations, Data(escalations: escalations));

        tile.FindAll(".escalation").Count.ShouldBe(rows);
        tile.FindAll(".escalation")[0].ClassList.ShouldContain("severe");
        tile.Find(".tile-pager").TextContent.ShouldBe("1/2");
    }

    [Theory]
    [InlineData(99, "green")]
    [InlineData(96, "amber")]
    [InlineData(90, "red")]
    public void A_kpi_tile_is_judged_by_its_files_thresholds(int timely, string status)
    {
        // The township file: 及时受理率 target 100 %, green from 98 %, amber from 95 %.
        var tile = RenderTile<KpiTile>(Township, WallTileType.Kpi, Data(month: Snapshot(new Rate(timely, 100))));

        tile.Find("[data-kpi]").GetAttribute("data-status").ShouldBe(status);
        tile.Find("[data-kpi-value]").TextContent.ShouldBe($"{timely}.0%");
        tile.Find(".kpi-parts").TextContent.ShouldBe($"{timely}/100");
        tile.Find(".kpi-target").TextContent.ShouldBe("目标100%");
    }

    [Fact]
    public void A_kpi_tile_with_nothing_to_measure_is_grey_never_a_pass_or_a_fail()
    {
        var tile = RenderTile<KpiTile>(Township, WallTileType.Kpi, Data(month: Snapshot(new Rate(0, 0))));

        tile.Find("[data-kpi]").GetAttribute("data-status").ShouldBe("unknown");
        tile.Find("[data-kpi-value]").TextContent.ShouldBe("—");
        tile.Find(".kpi-parts").TextContent.ShouldBe("暂无数据");
    }

    private static KpiSnapshot Snapshot(Rate timely) =>
        new(new Period(Now.AddDays(-30), Now), new Rate(1, 2), timely, new Rate(1, 2), new Rate(1, 2), [], [], [], 100, 90);
}
