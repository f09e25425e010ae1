using System.Globalization;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Whistles;

namespace Dispatch.Web.Reports;

/// <summary>
/// The period a report covers, from the address bar: a preset (近30天、今日、本周、本月、上月、本年) or
/// two local dates, both included. Dates are China time; the period is half-open [from, to + 1 day).
/// Without one the report opens on the last 30 days (the console's window too), which has data
/// on any day, the 1st of a month included.
/// </summary>
public sealed record ReportPeriod(string Preset, DateOnly From, DateOnly To)
{
    public const int MaxDays = 366;

    /// <summary>The preset a report opens on.</summary>
    public const string Default = "30d";

    public static readonly IReadOnlyList<(string Key, string Label)> Presets =
    [
        ("30d", "近30天"), ("today", "今日"), ("week", "本周"), ("month", "本月"), ("last-month", "上月"), ("year", "本年"), ("custom", "自定义"),
    ];

    public Period Period => new(Start(From), Start(To.AddDays(1)));

    public string Label => Presets.FirstOrDefault(p => p.Key == Preset).Label is { } label && Preset != "custom"
        ? $"{label}（{Describe()}）"
        : Describe();

    public string Describe() => From == To
        ? From.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)
        : $"{From.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)}—{To.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)}";

    /// <summary>The period, or a message a clerk can act on.</summary>
    public static (ReportPeriod? Period, string? Error) Parse(string? preset, string? from, string? to, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.ToOffset(WorkingCalendar.ChinaStandardTime).DateTime);
        switch (string.IsNullOrWhiteSpace(preset) ? Default : preset.Trim())
        {
            case "30d":
                return (new ReportPeriod("30d", today.AddDays(-29), today), null);
            case "today":
                return (new ReportPeriod("today", today, today), null);
            case "week":
                return (new ReportPeriod("week", today.AddDays(-(((int)today.DayOfWeek + 6) % 7)), today), null);
            case "month":
                return (new ReportPeriod("month", new DateOnly(today.Year, today.Month, 1), today), null);
            case "last-month":
                var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
                return (new ReportPeriod("last-month", first, first.AddMonths(1).AddDays(-1)), null);
            case "year":
                return (new ReportPeriod("year", new DateOnly(today.Year, 1, 1), today), null);
            case "custom":
                if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                    || !DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
                {
                    return (null, "请选择开始和结束日期（格式 2026-11-01）。");
                }

                if (end < start)
                {
                    return (null, "结束日期不能早于开始日期。");
                }

                if (end.DayNumber - start.DayNumber + 1 > MaxDays)
                {
                    return (null, $"一次最多统计 {MaxDays} 天，请缩短时间范围。");
                }

                return (new ReportPeriod("custom", start, end), null);
            default:
                return (null, $"不认识的时间范围「{preset}」。");
        }
    }

    public string Query => Preset == "custom"
        ? string.Create(CultureInfo.InvariantCulture, $"period=custom&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}")
        : $"period={Preset}";

    /// <summary>For file names: 2026-11-01_2026-11-30.</summary>
    public string FileStem => string.Create(CultureInfo.InvariantCulture, $"{From:yyyy-MM-dd}_{To:yyyy-MM-dd}");

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), WorkingCalendar.ChinaStandardTime);
}
