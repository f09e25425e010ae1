namespace Dispatch.Web.Tests.Walls;

/// <summary>The repository's wall-config/ folder and small wall files written for a test.</summary>
internal static class WallFiles
{
    public static string ShippedDirectory
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Dispatch.sln")))
                {
                    return Path.Combine(folder.FullName, "wall-config");
                }
            }

            throw new InvalidOperationException("Dispatch.sln was not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>A valid 4×2 wall with a clock and a feed; tests break it one way at a time.</summary>
    public const string Valid = """
        {
          "title": "测试大屏",
          "center": "GZ",
          "canvas": { "width": 1920, "height": 1080 },
          "grid": { "columns": 4, "rows": 2 },
          "tiles": [
            { "type": "clock", "column": 1, "row": 1, "columnSpan": 2 },
            { "type": "kpi", "kpi": "satisfaction", "target": 99, "green": 98, "amber": 95, "column": 3, "row": 1, "columnSpan": 2 },
            { "type": "whistleFeed", "column": 1, "row": 2, "columnSpan": 4 }
          ]
        }
        """;

    /// <summary>The broken files of the issue, each with the words its error page must show.</summary>
    public static readonly (string Name, string Json, int Line, string Expect)[] Broken =
    [
        ("bad-json", Valid.Replace("\"grid\": { \"columns\": 4, \"rows\": 2 },", "\"grid\": { \"columns\": 4 \"rows\": 2 },", StringComparison.Ordinal), 5, "不是有效的 JSON"),
        ("unknown-type", Valid.Replace("\"type\": \"whistleFeed\"", "\"type\": \"weather\"", StringComparison.Ordinal), 9, "未知的图块类型「weather」"),
        ("overlap", Valid.Replace("\"column\": 3, \"row\": 1, \"columnSpan\": 2", "\"column\": 2, \"row\": 1, \"columnSpan\": 2", StringComparison.Ordinal), 8, "重叠"),
        ("unknown-kpi", Valid.Replace("\"kpi\": \"satisfaction\"", "\"kpi\": \"happiness\"", StringComparison.Ordinal), 8, "未知的指标「happiness」"),
        ("outside", Valid.Replace("\"column\": 1, \"row\": 2, \"columnSpan\": 4", "\"column\": 2, \"row\": 2, \"columnSpan\": 4", StringComparison.Ordinal), 9, "图块超出网格"),
    ];
}
