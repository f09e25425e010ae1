using Dispatch.Web.Walls;

namespace Dispatch.Web.Tests.Walls;

/// <summary>
/// The schema's findings read as the hand-written checks read before the schema took them over:
/// each broken variant names one path and says exactly what the clerk must fix.
/// </summary>
public class WallSchemaTests
{
    private const string Clock = "{ \"type\": \"clock\", \"column\": 1, \"row\": 1, \"columnSpan\": 2 }";
    private const string Kpi = "\"kpi\": \"satisfaction\", \"target\": 99, \"green\": 98, \"amber\": 95";

    public static TheoryData<string, string, string, string> WallMistakes() => new()
    {
        { "root", "[]", "（根）", "文件的最外层必须是一个对象 { … }。" },
        { "no-tiles", Cut("\"tiles\": [", "]\n}") + "\"$schema\": \"./wall.schema.json\" }", "（根）", "缺少字段「tiles」（大屏上的图块列表）。" },
        { "empty-tiles", Cut("\"tiles\": [", "]\n}") + "\"tiles\": [] }", "tiles", "「tiles」必须是至少含一个图块的数组。" },
        { "canvas", Swap("{ \"width\": 1920, \"height\": 1080 }", "\"5760x2160\""), "canvas", "「canvas」必须是一个对象 { … }。" },
        { "width", Swap("\"width\": 1920", "\"width\": 100"), "canvas.width", "「width」为 100，须在 320 到 15360 之间。" },
        { "height", Swap("\"height\": 1080", "\"height\": 1080.5"), "canvas.height", "「height」必须是整数。" },
        { "blank-title", Swap("\"测试大屏\"", "\"   \""), "title", "「title」必须是非空的文字（带引号）。" },
        { "long-title", Swap("\"测试大屏\"", "\"" + new string('屏', 61) + "\""), "title", "「title」太长：最多 60 个字符。" },
        { "tile-not-object", Swap(Clock, "5"), "tiles[0]", "每个图块必须是一个对象 { … }。" },
        { "no-amber", Swap(", \"amber\": 95", string.Empty), "tiles[1]", "缺少字段「amber」（单位：%）。" },
        { "target-over", Swap("\"target\": 99", "\"target\": 120"), "tiles[1].target", "「target」为 120，须在 0 到 100 %之间。" },
        { "period", Swap(Kpi, Kpi + ", \"period\": \"decade\""), "tiles[1].period", "未知的统计周期「decade」。可用：today（今日）、week（近7日）、month（近30日）、year（近365日）。" },
        { "unknown-field", Swap(Clock, Clock.Replace(" }", ", \"colour\": \"red\" }", StringComparison.Ordinal)), "tiles[0].colour", "未知的字段「colour」（拼写错误？）。此处可用：type、title、column、row、columnSpan、rowSpan。" },
        { "video-url", Swap(Clock, "{ \"type\": \"video\", \"url\": \"ftp://cam/1\", \"column\": 1, \"row\": 1, \"columnSpan\": 2 }"), "tiles[0].url", "视频地址「ftp://cam/1」须是 http(s):// 开头的地址或以 / 开头的站内路径。" },
        { "video-kind", Swap(Clock, "{ \"type\": \"video\", \"url\": \"/cam\", \"kind\": \"gif\", \"column\": 1, \"row\": 1, \"columnSpan\": 2 }"), "tiles[0].kind", "未知的视频类型「gif」。可用：image（图片或 MJPEG 流）、video（视频文件或流）。" },
        { "throttle", Swap("\"grid\":", "\"refresh\": { \"throttleMs\": 50 },\n  \"grid\":"), "refresh.throttleMs", "「throttleMs」为 50，须在 100 到 1000 之间。" },
        { "minutes", Swap("\"kpi\": \"satisfaction\", \"target\": 99", "\"kpi\": \"acknowledgementMedian\", \"target\": 2000"), "tiles[1].target", "「target」为 2000，须在 0 到 1440 分钟之间。" },
    };

    [Theory]
    [MemberData(nameof(WallMistakes))]
    public void EachWallMistake_IsNamedOnce_AtItsPath_InTheClerksWords(string name, string json, string where, string message)
    {
        var problems = WallFileReader.Read("test", "test.json", json, _ => null).Problems;

        var problem = problems.ShouldHaveSingleItem(name + ": " + string.Join(" | ", problems.Select(p => $"{p.Where} {p.Message}")));
        problem.Where.ShouldBe(where);
        problem.Message.ShouldBe(message);
        (problem.Line is not null || where == "（根）").ShouldBeTrue($"{name}: no line for {where}");
    }

    private const string Map = """{ "viewBox": "0 0 100 100", "bounds": [100.15, 38.80, 100.75, 39.11], "areas": [ { "center": "dm", "name": "大满镇", "path": "M0,0 L10,0 L10,10 Z", "label": [5, 5] } ] }""";

    public static TheoryData<string, string, string, string> MapMistakes() => new()
    {
        { "root", "5", "（根）", "地图文件的最外层必须是一个对象 { … }。" },
        { "no-areas", "{ \"viewBox\": \"0 0 100 100\" }", "（根）", "缺少「areas」（各乡镇的轮廓）或它是空的。" },
        { "path", Map.Replace("M0,0", "0,0", StringComparison.Ordinal), "areas[0].path", "轮廓须是以 M 开头的 SVG 路径。" },
        { "label", Map.Replace("[5, 5]", "[5]", StringComparison.Ordinal), "areas[0].label", "缺少「label」或格式不对：须是标注位置 [x, y]。" },
        { "empty-areas", "{ \"viewBox\": \"0 0 100 100\", \"areas\": [] }", "（根）", "缺少「areas」（各乡镇的轮廓）或它是空的。" },
        { "label-text", Map.Replace("[5, 5]", "[\"5\", 5]", StringComparison.Ordinal), "areas[0].label", "缺少「label」或格式不对：须是标注位置 [x, y]。" },
        { "bounds-short", Map.Replace("100.15, ", string.Empty, StringComparison.Ordinal), "bounds", WallFileReader.BoundsMessage },
        { "bounds-order", Map.Replace("[100.15, 38.80, 100.75, 39.11]", "[100.75, 38.80, 100.15, 39.11]", StringComparison.Ordinal), "bounds", WallFileReader.BoundsMessage },
        { "viewBox", Map.Replace("0 0 100 100", "0 0 wide", StringComparison.Ordinal), "viewBox", "viewBox「0 0 wide」须是四个数字，如 \"0 0 1000 640\"。" },
    };

    [Theory]
    [MemberData(nameof(MapMistakes))]
    public void EachMapMistake_IsNamedOnce_AtItsPath(string name, string json, string where, string message)
    {
        var problems = new List<WallProblem>();

        WallFileReader.ReadMap("maps/x.json", json, problems).ShouldBeNull();

        var problem = problems.ShouldHaveSingleItem(name + ": " + string.Join(" | ", problems.Select(p => $"{p.Where} {p.Message}")));
        problem.Where.ShouldBe(where);
        problem.Message.ShouldBe(message);
    }

    [Fact]
    public void TheMapForTheseTests_IsValid()
    {
        var problems = new List<WallProblem>();

        WallFileReader.ReadMap("maps/x.json", Map, problems)!.Bounds.ShouldNotBeNull();
        problems.ShouldBeEmpty();
    }

    private static string Swap(string from, string to)
    {
        WallFiles.Valid.ShouldContain(from);
        return WallFiles.Valid.Replace(from, to, StringComparison.Ordinal);
    }

    /// <summary>The valid file with the text from <paramref name="start"/> to <paramref name="end"/> (inclusive) cut off.</summary>
    private static string Cut(string start, string end)
    {
        var from = WallFiles.Valid.IndexOf(start, StringComparison.Ordinal);
        WallFiles.Valid.IndexOf(end, from, StringComparison.Ordinal).ShouldBeGreaterThan(from);
        return WallFiles.Valid[..from];
    }
}
