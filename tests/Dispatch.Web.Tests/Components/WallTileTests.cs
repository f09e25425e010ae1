using Bunit;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Queries;
using Dispatch.Web.Components.Wall;
using Dispatch.Web.Tests.Walls;
using Dispatch.Web.Walls;

namespace Dispatch.Web.Tests.Components;

/// <summary>The whistle feed on the wall: paging, the empty state, overdue whistles pinned to every page, worded countdowns.</summary>
public sealed class WallTileTests : ComponentTest
{
    /// <summary>The county wall as shipped: its feed tile is the one on the real screen.</summary>
    private static readonly WallLayout Layout = new WallCatalog(WallFiles.ShippedDirectory).Find("county-3x2")!.Layout!;

    private static WallTile Feed => Layout.Tiles.Single(t => t.Type == WallTileType.WhistleFeed);

    private static int Capacity => WallGeometry.Capacity(Layout, Feed, WallGeometry.FeedItem);

    private static WallData Data(IReadOnlyList<WhistleRow> whistles, IReadOnlyList<WhistleRow>? ended = null) => new(
        new WallScope(Guid.NewGuid(), "GZ", "甘州区综治中心", CenterLevel.County), Now,
        new WallCounts(10, 1, 2, whistles.Count, whistles.Count(w => w.Summonses.Any(s => s.IsOverdue(Now)))),
        whistles, ended ?? [], new Dictionary<WallPeriod, Dispatch.Infrastructure.Queries.KpiSnapshot>(), [], [], [], [], [], []);

    private IRenderedComponent<WhistleFeedTile> Render(IReadOnlyList<WhistleRow> whistles, int rotation, IReadOnlyList<WhistleRow>? ended = null, IReadOnlySet<Guid>? changed = null) =>
        Render<WhistleFeedTile>(p => p
            .Add(t => t.Layout, Layout).Add(t => t.Tile, Feed).Add(t => t.Data, Data(whistles, ended))
            .Add(t => t.Now, Now).Add(t => t.Rotation, rotation).Add(t => t.Fresh, changed ?? new HashSet<Guid>()));

    /// <summary>Fresh whistles (acknowledge deadline ahead) and, among them, overdue ones (blown an hour ago, nobody reported).</summary>
    private static List<WhistleRow> Whistles(int fresh, int overdue) =>
    [
        .. Enumerable.Range(0, fresh).Select(i => Rows.Whistle($"GZ-F{i:D2}", Now.AddMinutes(-1), Rows.Summons(Now.AddMinutes(-1)))),
        .. Enumerable.Range(0, overdue).Select(i => Rows.Whistle($"GZ-O{i:D2}", Now.AddHours(-1), Rows.Summons(Now.AddHours(-1)))),
    ];

    [Fact]
    public void With_no_whistles_it_says_so()
    {
        var tile = Render([], 0);

        tile.Find(".feed .empty").TextContent.ShouldBe("当前没有进行中的吹哨");
        tile.FindAll(".tile-pager").ShouldBeEmpty();
    }

    [Fact]
    public void Overdue_whistles_are_on_every_page_first_and_the_others_take_turns()
    {
        Capacity.ShouldBeGreaterThan(1);
        var whistles = Whistles(fresh: Capacity * 2, overdue: 1);
        var seen = new HashSet<string>();
        var pages = (Capacity * 2 + Capacity - 2) / (Capacity - 1);

        for (var rotation = 0; rotation < pages; rotation++)
        {
            var codes = Render(whistles, rotation).FindAll(".feed-item").Select(li => li.GetAttribute("data-whistle")!).ToList();
            codes.Count.ShouldBeLessThanOrEqualTo(Capacity);
            codes[0].ShouldBe("GZ-O00");
            codes.Count(c => c == "GZ-O00").ShouldBe(1);
            seen.UnionWith(codes);
        }

        // Every whistle came round, and the pager counts the pages the fresh ones need beside the pinned one.
        seen.Count.ShouldBe(whistles.Count);
        Render(whistles, 0).Find(".tile-pager").TextContent.ShouldBe($"1/{pages}");
    }

    [Fact]
    public void A_whistle_blown_or_answered_just_now_is_on_every_page_after_the_overdue_ones_and_flashes()
    {
        var whistles = Whistles(fresh: Capacity * 3, overdue: 1);
        var last = whistles[Capacity * 3 - 1];

        for (var rotation = 0; rotation < 4; rotation++)
        {
            var items = Render(whistles, rotation, changed: new HashSet<Guid> { last.Id }).FindAll(".feed-item");
            items[0].GetAttribute("data-whistle").ShouldBe("GZ-O00");
            items[1].GetAttribute("data-whistle").ShouldBe(last.CaseCode);
            items[1].ClassList.ShouldContain("fresh");
            items.Skip(2).ShouldAllBe(li => !li.ClassList.Contains("fresh"));
        }

        // Without the change it waits for its turn like the rest.
        Render(whistles, 0).FindAll(".feed-item").Select(li => li.GetAttribute("data-whistle")).ShouldNotContain(last.CaseCode);
    }

    [Fact]
    public void When_overdue_whistles_fill_the_tile_only_they_show_and_the_pager_says_how_many_wait()
    {
        var whistles = Whistles(fresh: 3, overdue: Capacity + 2);

        var tile = Render(whistles, 5);

        tile.FindAll(".feed-item").Select(li => li.GetAttribute("data-whistle")).ShouldAllBe(c => c!.StartsWith("GZ-O", StringComparison.Ordinal));
        tile.FindAll(".feed-item").Count.ShouldBe(Capacity);
        tile.Find(".tile-pager").TextContent.ShouldBe($"另 {whistles.Count - Capacity} 条");
    }

    /// <summary>Whistles that ended, newest first, as the wall's query returns them.</summary>
    private static List<WhistleRow> Ended(int count) =>
    [
        .. Enumerable.Range(0, count).Select(i => Rows.Whistle($"GZ-E{i:D2}", Now.AddDays(-2), Rows.Summons(Now.AddDays(-2))) with
        {
            Status = WhistleStatus.Closed,
            Outcome = WhistleOutcome.ResolvedOnSite,
            ClosedAt = Now.AddHours(-(i + 1)),
        }),
    ];

    [Fact]
    public void A_quiet_feed_fills_its_empty_rows_with_the_latest_ended_whistles_after_the_running_one()
    {
        var tile = Render(Whistles(fresh: 1, overdue: 0), 0, Ended(Capacity + 5));

        var items = tile.FindAll(".feed-item");
        items.Count.ShouldBe(Capacity);
        items[0].GetAttribute("data-whistle").ShouldBe("GZ-F00");
        items.Skip(1).Select(li => li.GetAttribute("data-ended")).ShouldBe(Enumerable.Range(0, Capacity - 1).Select(i => $"GZ-E{i:D2}"));
        items[1].TextContent.ShouldContain("已结束");
        items[1].TextContent.ShouldContain("现场化解");
        items[1].TextContent.ShouldContain("1小时前结束");
        tile.FindAll(".tile-pager").ShouldBeEmpty();
    }

    [Fact]
    public void Ended_whistles_never_take_a_row_a_running_whistle_needs()
    {
        var tile = Render(Whistles(fresh: Capacity + 1, overdue: 0), 0, Ended(3));

        tile.FindAll("[data-ended]").ShouldBeEmpty();
        tile.FindAll("[data-whistle]").Count.ShouldBe(Capacity);
    }

    [Fact]
    public void Countdowns_say_what_they_are()
    {
        var tile = Render(Whistles(fresh: 1, overdue: 1), 0);

        var chips = tile.FindAll(".chip-left").Select(c => c.TextContent).ToList();
        chips.ShouldContain("超时 45分00秒");
        chips.ShouldContain("剩 14分00秒");
        chips.ShouldAllBe(c => !c.Contains(':'));
    }
}
