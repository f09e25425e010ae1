using System.Globalization;
using System.Text;
using Dispatch.Domain.Common;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Queries;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Dispatch.Infrastructure.Reports;

/// <summary>How a value is written: text, a whole number, a number with decimals, or a share shown as a percentage.</summary>
public enum ExportKind
{
    Text = 1,
    Number = 2,
    Fraction = 3,
    Percent = 4,
}

public sealed record ExportValue(object? Value, ExportKind Kind)
{
    public static ExportValue Text(string? text) => new(text, ExportKind.Text);

    public static ExportValue Number(int number) => new(number, ExportKind.Number);

    public static ExportValue Fraction(double? number) => new(number, ExportKind.Fraction);

    public static ExportValue Percent(double? share) => new(share, ExportKind.Percent);

    /// <summary>The value as a CSV cell reads it (percent with one decimal, "—" for nothing to measure).</summary>
    public string ToText() => (Value, Kind) switch
    {
        (null, ExportKind.Text) => string.Empty,
        (null, _) => "—",
        (double share, ExportKind.Percent) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
        (double number, _) => number.ToString("0.##", CultureInfo.InvariantCulture),
        (int number, _) => number.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(Value, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}

/// <summary>One table of a report: a sheet in the workbook, a file as CSV.</summary>
public sealed record ExportTable(string Key, string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<ExportValue>> Rows);

/// <summary>
/// The report as tables, and the tables as .xlsx (OpenXML SDK) or .csv (UTF-8 with BOM, so
/// Excel opens the Chinese text right).
/// </summary>
public static class ReportExport
{
    public static readonly string[] TableKeys = ["kpis", "departments", "categories", "trend", "levels", "townships"];

    public static IReadOnlyList<ExportTable> Tables(AnalysisReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var k = report.Kpis;
        static IReadOnlyList<ExportValue> Rate(string name, Rate rate) =>
            [ExportValue.Text(name), ExportValue.Percent(rate.Value), ExportValue.Number(rate.Numerator), ExportValue.Number(rate.Denominator)];
        static ExportValue Minutes(TimeSpan? time) => ExportValue.Fraction(time is { } t ? Math.Round(t.TotalMinutes, 1) : null);

        return
        [
            new ExportTable("kpis", "核心指标", ["指标", "数值", "分子", "分母"],
            [
                [ExportValue.Text("受理件数"), ExportValue.Number(k.CasesReceived), ExportValue.Text(null), ExportValue.Text(null)],
                [ExportValue.Text("办结件数"), ExportValue.Number(k.CasesClosed), ExportValue.Text(null), ExportValue.Text(null)],
                Rate("现场化解率", k.OnSiteResolution),
                Rate("受理及时率", k.TimelyAcceptance),
                Rate("按期办结率", k.OnTimeCompletion),
                Rate("群众满意率", k.Satisfaction),
                [ExportValue.Text("部门报到用时中位数（分钟）"), Minutes(k.AcknowledgementOverall?.Median), ExportValue.Text(null), ExportValue.Number(k.AcknowledgementOverall?.Count ?? 0)],
                [ExportValue.Text("九成报到用时（分钟）"), Minutes(k.AcknowledgementOverall?.Percentile90), ExportValue.Text(null), ExportValue.Number(k.AcknowledgementOverall?.Count ?? 0)],
                [ExportValue.Text("二次督办件数"), ExportValue.Number(k.SecondSupervisions), ExportValue.Text(null), ExportValue.Text(null)],
            ]),
            new ExportTable("departments", "部门排名", ["排名", "部门", "召集次数", "及时报到率", "报到用时中位数（分钟）", "按期率", "超期数", "满意率", "办结件数"],
                [.. report.Departments.Select(d => (IReadOnlyList<ExportValue>)
                [
                    ExportValue.Number(d.Score.Rank), ExportValue.Text(d.Department), ExportValue.Number(d.Score.Summonses),
                    ExportValue.Percent(d.Score.AcknowledgedInTime.Value), Minutes(d.Score.AcknowledgementMedian), ExportValue.Percent(d.Score.OnTime.Value),
                    ExportValue.Number(d.Score.Overdue), ExportValue.Percent(d.Score.Satisfaction.Value), ExportValue.Number(d.Score.CasesHandled),
                ])]),
            new ExportTable("categories", "类别分析", ["类别", "本期件数", "上期件数", "环比", "占比", "期末在办"],
                [.. report.Categories.Select(c => (IReadOnlyList<ExportValue>)
                [
                    ExportValue.Text(Labels.Of(c.Category)), ExportValue.Number(c.Count), ExportValue.Number(c.PreviousCount),
                    ExportValue.Percent(c.Change), ExportValue.Percent(c.Share), ExportValue.Number(c.OpenAtEnd),
                ])]),
            new ExportTable("trend", "趋势", [$"起始日期（按{Labels.Of(report.Bucket)}）", "受理", "办结"],
                [.. report.Trend.Select(p => (IReadOnlyList<ExportValue>)
                [
                    ExportValue.Text(p.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ExportValue.Number(p.Received), ExportValue.Number(p.Closed),
                ])]),
            new ExportTable("levels", "层级分布", ["办结层级", "件数", "占比"],
                [.. k.Levels.OrderBy(l => l.Level).Select(l => (IReadOnlyList<ExportValue>)
                [
                    ExportValue.Text(Labels.Of(l.Level)), ExportValue.Number(l.Count), ExportValue.Percent(l.Share),
                ])]),
            new ExportTable("townships", "乡镇分析", ["乡镇（街道）", "受理", "办结", "期末在办", "按期办结率", "满意率"],
                [.. report.Townships.Select(t => (IReadOnlyList<ExportValue>)
                [
                    ExportValue.Text(t.Township), ExportValue.Number(t.Line.Received), ExportValue.Number(t.Line.Closed),
                    ExportValue.Number(t.Line.OpenAtEnd), ExportValue.Percent(t.Line.OnTimeCompletion.Value), ExportValue.Percent(t.Line.Satisfaction.Value),
                ])]),
        ];
    }

    /// <summary>The report's title line: center, period (China time), when it was made.</summary>
    public static string Title(AnalysisReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var from = report.Period.From.ToOffset(WorkingCalendar.ChinaStandardTime);
        var to = report.Period.To.ToOffset(WorkingCalendar.ChinaStandardTime).AddTicks(-1);
        return $"{report.Scope.Name} 统计分析 {from:yyyy-MM-dd} 至 {to:yyyy-MM-dd}（生成于 {Labels.Time(report.ComposedAt)}）";
    }

    public static void WriteCsv(ExportTable table, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        writer.Write(CsvLine(table.Headers));
        foreach (var row in table.Rows)
        {
            writer.Write(CsvLine(row.Select(v => v.ToText())));
        }
    }

    public static string CsvLine(IEnumerable<string?> cells) => string.Join(',', cells.Select(Quote)) + "\r\n";

    /// <summary>The workbook: a title row and a header row on each sheet, numbers as numbers, shares as percentages.</summary>
    public static void WriteXlsx(string title, IReadOnlyList<ExportTable> tables, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(tables);
        using var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Stylesheet();
        var sheets = workbook.Workbook.AppendChild(new Sheets());
        uint sheetId = 1;
        foreach (var table in tables)
        {
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.AppendChild(new Row(TextCell(title, TitleStyle)) { RowIndex = 1 });
            data.AppendChild(new Row(table.Headers.Select(h => TextCell(h, HeaderStyle))) { RowIndex = 2 });
            uint index = 3;
            foreach (var row in table.Rows)
            {
                data.AppendChild(new Row(row.Select(Cell)) { RowIndex = index++ });
            }

            var columns = new Columns(table.Headers.Select((h, i) => new Column
            {
                Min = (uint)i + 1,
                Max = (uint)i + 1,
                Width = Math.Max(10, Math.Min(40, 2.2 * Math.Max(h.Length, table.Rows.Select(r => r[i].ToText().Length).DefaultIfEmpty(0).Max()))),
                CustomWidth = true,
            }));
            part.Worksheet = new Worksheet(columns, data);
            sheets.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = sheetId++, Name = table.Name });
        }

        workbook.Workbook.Save();
    }

    private const uint TitleStyle = 1;
    private const uint HeaderStyle = 2;
    private const uint PercentStyle = 3;

    private static Cell Cell(ExportValue value) => (value.Value, value.Kind) switch
    {
        (null, ExportKind.Text) => new Cell(),
        (null, _) => TextCell("—", 0),
        (int number, _) => new Cell { DataType = CellValues.Number, CellValue = new CellValue(number.ToString(CultureInfo.InvariantCulture)) },
        (double share, ExportKind.Percent) => new Cell { DataType = CellValues.Number, CellValue = new CellValue(share.ToString("R", CultureInfo.InvariantCulture)), StyleIndex = PercentStyle },
        (double number, _) => new Cell { DataType = CellValues.Number, CellValue = new CellValue(number.ToString("R", CultureInfo.InvariantCulture)) },
        _ => TextCell(value.ToText(), 0),
    };

    private static Cell TextCell(string text, uint style) =>
        new(new InlineString(new Text(text))) { DataType = CellValues.InlineString, StyleIndex = style == 0 ? null : style };

    private static Stylesheet Stylesheet() => new(
        new Fonts(
            new Font(new FontSize { Val = 11 }),
            new Font(new Bold(), new FontSize { Val = 13 }),
            new Font(new Bold(), new FontSize { Val = 11 })) { Count = 3 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { FontId = 2, ApplyFont = true },
            new CellFormat { NumberFormatId = 176, ApplyNumberFormat = true }) { Count = 4 })
    {
        NumberingFormats = new NumberingFormats(new NumberingFormat { NumberFormatId = 176, FormatCode = "0.0%" }) { Count = 1 },
    };

    private static string Quote(string? cell)
    {
        var text = cell ?? string.Empty;

        // A leading = + - @ would make a spreadsheet run the cell as a formula (CSV injection).
        if (text.Length > 0 && "=+-@".Contains(text[0], StringComparison.Ordinal) && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
