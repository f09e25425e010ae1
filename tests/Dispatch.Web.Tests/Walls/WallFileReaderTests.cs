using System.Text.Json;
using Dispatch.Domain.Kpis;
using Dispatch.Web.Walls;

namespace Dispatch.Web.Tests.Walls;

public class WallFileReaderTests
{
    private static WallFile Read(string json, Func<string, string?>? maps = null) =>
        WallFileReader.Read("test", "test.json", json, maps ?? (_ => null));

    [Fact]
    public void EveryShippedWallFile_Validates_AndTogetherTheyUseEveryTileType()
    {
        var catalog = new WallCatalog(WallFiles.ShippedDirectory);

        var files = catalog.Names().Select(n => catalog.Find(n)!).ToList();

        files.Select(f => f.Name).ShouldBe(["county-3x2", "township-1x1"]);
        foreach (var file in files)
        {
            file.Problems.ShouldBeEmpty(string.Join("\n", file.Problems));
            file.IsValid.ShouldBeTrue();
        }

        files.SelectMany(f => f.Layout!.Tiles).Select(t => t.Type).Distinct().Order().ShouldBe(Enum.GetValues<WallTileType>());
        var county = files[0].Layout!;
        county.Canvas.ShouldBe(new WallCanvas(5760, 2160));
        county.Maps["maps/ganzhou-townships.json"].Areas.Select(a => a.Center).ShouldBe(["SJ", "LJD", "XJ", "DJ", "DZ", "DM"]);
    }

    [Fact]
    public void TheSchema_NamesTheSameTileTypesKpisAndPeriods_AsTheCode()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(WallFiles.ShippedDirectory, "wall.schema.json")));
        var tile = schema.RootElement.GetProperty("$defs").GetProperty("tile");
        var types = tile.GetProperty("properties").GetProperty("type").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToList();
        var kpiThen = tile.GetProperty("allOf").EnumerateArray().First(e => e.GetProperty("if").GetProperty("properties").GetProperty("type").GetProperty("const").GetString() == "kpi").GetProperty("then").GetProperty("properties");

        types.ShouldBe(WallFileReader.JsonNames<WallTileType>());
        kpiThen.GetProperty("kpi").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ShouldBe(WallFileReader.JsonNames<WallKpi>());
        kpiThen.GetProperty("period").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ShouldBe(WallFileReader.JsonNames<WallPeriod>());
    }

    [Fact]
    public void AValidFile_ReadsWithDefaults()
    {
        var file = Read(WallFiles.Valid);

        file.IsValid.ShouldBeTrue();
        var layout = file.Layout!;
        layout.Refresh.ShouldBe(new WallRefresh(500, 10, 60));
        layout.Tiles.Select(t => t.Type).ShouldBe([WallTileType.Clock, WallTileType.Kpi, WallTileType.WhistleFeed]);
        layout.Tiles[1].Threshold.ShouldBe(new KpiThreshold(0.99, 0.98, 0.95, HigherIsBetter: true));
        layout.Tiles[1].Period.ShouldBe(WallPeriod.Month);
    }

    public static TheoryData<string> BrokenNames() => [.. WallFiles.Broken.Select(b => b.Name)];

    [Theory]
    [MemberData(nameof(BrokenNames))]
    public void EachBrokenFile_NamesTheFileTheLineAndTheProblem(string name)
    {
        var (_, json, line, expect) = WallFiles.Broken.Single(b => b.Name == name);

        var file = Read(json);

        file.IsValid.ShouldBeFalse();
        file.Layout.ShouldBeNull();
        var problem = file.Problems.ShouldHaveSingleItem();
        problem.File.ShouldBe("test.json");
        problem.Line.ShouldBe(line);
        problem.Message.ShouldContain(expect);
    }

    [Fact]
    public void Overlap_NamesBothTiles()
    {
        var problem = Read(WallFiles.Broken.Single(b => b.Name == "overlap").Json).Problems.ShouldHaveSingleItem();

        problem.Where.ShouldBe("tiles[1]");
        problem.Message.ShouldContain("tiles[0]（clock");
    }

    [Fact]
    public void Mistakes_AreAllReportedAtOnce_WithTheirPaths()
    {
        var json = WallFiles.Valid
            .Replace("\"title\": \"测试大屏\",", "\"titel\": \"测试大屏\",", StringComparison.Ordinal)
            .Replace("\"green\": 98, \"amber\": 95", "\"green\": 90, \"amber\": 95", StringComparison.Ordinal)
            .Replace("\"rows\": 2 }", "\"rows\": 0 }", StringComparison.Ordinal);

        var problems = Read(json).Problems;

        problems.Select(p => p.Where).ShouldBe(["titel", "（根）", "grid.rows", "tiles[1]", "tiles[2]"], ignoreOrder: true);
        problems.Single(p => p.Where == "titel").Message.ShouldContain("未知的字段「titel」");
        problems.Single(p => p.Where == "titel").Line.ShouldBe(2);
        problems.Single(p => p.Where == "tiles[1]").Message.ShouldContain("阈值顺序不对");
    }

    [Fact]
    public void AMapTile_LoadsItsMap_AndAMissingOrBrokenMapIsAProblem()
    {
        var json = WallFiles.Valid.Replace("{ \"type\": \"whistleFeed\", \"column\": 1, \"row\": 2, \"columnSpan\": 4 }", "{ \"type\": \"townshipMap\", \"map\": \"maps/x.json\", \"column\": 1, \"row\": 2, \"columnSpan\": 4 }", StringComparison.Ordinal);
        const string Map = """{ "viewBox": "0 0 100 100", "areas": [ { "center": "dm", "name": "大满镇", "path": "M0,0 L10,0 L10,10 Z", "label": [5, 5] } ] }""";

        var loaded = Read(json, name => name == "maps/x.json" ? Map : null);
        loaded.Layout!.Maps["maps/x.json"].Areas.ShouldHaveSingleItem().Center.ShouldBe("DM");

        Read(json).Problems.ShouldHaveSingleItem().Message.ShouldContain("找不到地图文件「maps/x.json」");
        var broken = Read(json, _ => Map.Replace("M0,0", "0,0", StringComparison.Ordinal)).Problems.ShouldHaveSingleItem();
        broken.File.ShouldBe("maps/x.json");
        broken.Message.ShouldContain("SVG 路径");
        Read(json.Replace("maps/x.json", "../secret.json", StringComparison.Ordinal)).Problems.ShouldHaveSingleItem().Message.ShouldContain("wall-config 目录内");
    }

    [Fact]
    public void Geometry_KnowsHowManyRowsEachListTileHolds()
    {
        var catalog = new WallCatalog(WallFiles.ShippedDirectory);
        var county = catalog.Find("county-3x2")!.Layout!;
        var feed = county.Tiles.Single(t => t.Type == WallTileType.WhistleFeed);
        var board = county.Tiles.Single(t => t.Type == WallTileType.DepartmentBoard);

        // 5760×2160: 37.5 u tall; 8 rows of 4.125 u; the feed spans 5 rows (22.6 u), 19.4 u under its title.
        WallGeometry.CellHeight(county).ShouldBe(4.125, 1e-9);
        WallGeometry.BodyHeight(county, feed).ShouldBe(19.425, 1e-9);
        WallGeometry.Capacity(county, feed, WallGeometry.FeedItem).ShouldBe(4);
        WallGeometry.Capacity(county, board, WallGeometry.ListRow, WallGeometry.TableHead).ShouldBe(8);
    }

    [Fact]
    public void Catalog_RefusesNamesThatAreNotPlainFileNames()
    {
        var catalog = new WallCatalog(WallFiles.ShippedDirectory);

        catalog.Find("../wall-config/county-3x2").ShouldBeNull();
        catalog.Find("wall.schema").ShouldBeNull();
        catalog.Find("nope").ShouldBeNull();
        catalog.Find("county-3x2").ShouldNotBeNull();
    }
}
