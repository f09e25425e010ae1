using System.Globalization;
using System.Net;
using System.Text;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Queries;
using Dispatch.Tests.Shared;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Reports;

/// <summary>The report page and its downloads, on the seeded demo county.</summary>
[Collection(WebAppCollection.Name)]
public class ReportDownloadTests(DispatchWebFactory factory)
{
    private static readonly TimeSpan Cst = WorkingCalendar.ChinaStandardTime;
    private const string November = "period=custom&from=2026-11-01&to=2026-11-30";

    private async Task<AnalysisReport> NovemberAsync(string center = "GZ")
    {
        var scope = (await factory.Services.GetRequiredService<WallQueries>().ScopeAsync(center, CancellationToken.None))!;
        return await factory.Services.GetRequiredService<ReportQueries>().ReportAsync(
            scope, new Period(new DateTimeOffset(2026, 11, 1, 0, 0, 0, Cst), new DateTimeOffset(2026, 12, 1, 0, 0, 0, Cst)), CancellationToken.None);
    }

    [Fact]
    public async Task TheWorkbook_ReadsBackWithTheOpenXmlSdk_WithEverySheetAndTheReportsNumbers()
    {
        using var session = new WebSession(factory);
        await session.SignInAsync("director");
        var report = await NovemberAsync();

        using var response = await session.Client.GetAsync(new Uri($"/reports/export.xlsx?center=GZ&{November}", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("甘州区综治中心统计分析_2026-11-01_2026-11-30.xlsx");
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        sheets.Select(s => s.Name!.Value).ShouldBe(["核心指标", "部门排名", "类别分析", "趋势", "层级分布", "乡镇分析"]);

        string?[][] Rows(string name)
        {
            var part = (WorksheetPart)workbook.GetPartById(sheets.Single(s => s.Name == name).Id!);
            return [.. part.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>()
                .Select(r => r.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text).ToArray())];
        }

        var kpis = Rows("核心指标");
        kpis[0][0]!.ShouldStartWith("甘州区综治中心 统计分析 2026-11-01 至 2026-11-30");
        kpis[1].ShouldBe(["指标", "数值", "分子", "分母"]);
        kpis.Single(r => r[0] == "受理件数")[1].ShouldBe(report.Kpis.CasesReceived.ToString(CultureInfo.InvariantCulture));
        var satisfaction = kpis.Single(r => r[0] == "群众满意率");
        double.Parse(satisfaction[1]!, CultureInfo.InvariantCulture).ShouldBe(report.Kpis.Satisfaction.Value!.Value, 1e-12);
        satisfaction[2].ShouldBe(report.Kpis.Satisfaction.Numerator.ToString(CultureInfo.InvariantCulture));
        satisfaction[3].ShouldBe(report.Kpis.Satisfaction.Denominator.ToString(CultureInfo.InvariantCulture));

        var departments = Rows("部门排名");
        departments.Length.ShouldBe(report.Departments.Count + 2);
        departments[2][1].ShouldBe(report.Departments[0].Department);
        departments[2][2].ShouldBe(report.Departments[0].Score.Summonses.ToString(CultureInfo.InvariantCulture));
        Rows("趋势").Length.ShouldBe(30 + 2);
        Rows("乡镇分析").Skip(2).Select(r => r[0]).ShouldBe(report.Townships.Select(t => t.Township));
    }

    [Fact]
    public async Task OneTableAsCsv_WithABomForExcel_AndTheTimelineForAudits()
    {
        using var session = new WebSession(factory);
        await session.SignInAsync("leader");
        var report = await NovemberAsync("DM");

        using var csv = await session.Client.GetAsync(new Uri($"/reports/export.csv?table=categories&center=DM&{November}", UriKind.Relative));

        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        bytes.Take(3).ShouldBe(Encoding.UTF8.GetPreamble());
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("类别,本期件数,上期件数,环比,占比,期末在办");
        lines.Length.ShouldBe(report.Categories.Count + 1);
        lines[1].ShouldStartWith($"{Domain.Common.Labels.Of(report.Categories[0].Category)},{report.Categories[0].Count},");

        using var timeline = await session.Client.GetAsync(new Uri($"/reports/timeline.csv?center=DM&{November}", UriKind.Relative));
        timeline.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = (await timeline.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        var rows = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        rows[0].ShouldBe("案件编码,诉求标题,序号,时间,办理人,环节,说明");
        rows.Skip(1).Select(r => r[..r.IndexOf(',', StringComparison.Ordinal)]).Distinct().Count().ShouldBe(report.Kpis.CasesReceived);
        rows[1].Split(',')[5].ShouldBe("受理登记");
    }

    [Fact]
    public async Task BadRequests_SayWhatToFix_AndDepartmentsGetNoReports()
    {
        using var session = new WebSession(factory);
        await session.SignInAsync("director");

        using var backwards = await session.Client.GetAsync(new Uri("/reports/export.xlsx?period=custom&from=2026-11-30&to=2026-11-01", UriKind.Relative));
        backwards.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await backwards.Content.ReadAsStringAsync()).ShouldContain("结束日期不能早于开始日期");
        using var tooLong = await session.Client.GetAsync(new Uri("/reports/export.xlsx?period=custom&from=2025-01-01&to=2026-11-01", UriKind.Relative));
        (await tooLong.Content.ReadAsStringAsync()).ShouldContain("一次最多统计 366 天");
        using var noTable = await session.Client.GetAsync(new Uri($"/reports/export.csv?table=nope&{November}", UriKind.Relative));
        noTable.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noTable.Content.ReadAsStringAsync()).ShouldContain("请指定要导出的表");
        using var noCenter = await session.Client.GetAsync(new Uri($"/reports/export.xlsx?center=XX9&{November}", UriKind.Relative));
        noCenter.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await noCenter.Content.ReadAsStringAsync()).ShouldContain("没有代码为「XX9」的综治中心");

        using var staff = new WebSession(factory);
        await staff.SignInAsync("zjj01");
        using var refused = await staff.Client.GetAsync(new Uri($"/reports/export.xlsx?{November}", UriKind.Relative));
        refused.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        using var page = await staff.Client.GetAsync(new Uri("/reports", UriKind.Relative));
        page.Headers.Location!.ToString().ShouldContain("/account/denied");
    }

    [Fact]
    public async Task ThePage_ShowsTheSameRankingAndTownships()
    {
        using var session = new WebSession(factory);
        await session.SignInAsync("director");
        var report = await NovemberAsync();

        var page = await session.GetDocumentAsync($"/reports?center=GZ&{November}");

        page.QuerySelector(".page-sub")!.TextContent.ShouldBe("甘州区综治中心 · 2026年11月1日—2026年11月30日");
        page.QuerySelector("#received-count")!.TextContent.ShouldBe(report.Kpis.CasesReceived.ToString(CultureInfo.InvariantCulture));
        page.QuerySelectorAll("#department-ranking tbody tr").Select(r => r.GetAttribute("data-department")).ShouldBe(report.Departments.Select(d => d.Department));
        page.QuerySelectorAll("#township-breakdown tbody tr").Select(r => r.GetAttribute("data-township")).ShouldBe(report.Townships.Select(t => t.Code));
        page.QuerySelector("#export-xlsx")!.GetAttribute("href").ShouldBe($"reports/export.xlsx?center=GZ&{November}");

        var wrong = await session.GetDocumentAsync("/reports?period=custom&from=2026-11-30&to=2026-11-01");
        wrong.QuerySelector("#report-error")!.TextContent.ShouldBe("结束日期不能早于开始日期。");
    }
}
