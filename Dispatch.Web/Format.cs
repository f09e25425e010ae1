using System.Globalization;
using Dispatch.Domain.Common;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Whistles;

namespace Dispatch.Web;

/// <summary>How times, rates and countdowns read on screen (China time, Chinese units).</summary>
public static class Format
{
    private static readonly CultureInfo Chinese = new("zh-CN");

    public static string Time(DateTimeOffset value) => Labels.Time(value, "MM-dd");

    public static string Time(DateTimeOffset? value) => value is { } v ? Time(v) : "—";

    /// <summary>A date as written on an official letter: 2026年11月22日.</summary>
    public static string Date(DateTimeOffset value) =>
        value.ToOffset(Domain.Whistles.WorkingCalendar.ChinaStandardTime).ToString("yyyy年M月d日", Chinese);

    public static string FullTime(DateTimeOffset value) => Labels.Time(value);

    public static string Percent(Rate rate) => rate.Value is { } v ? (v * 100).ToString("0.0", Chinese) + "%" : "—";

    public static string Parts(Rate rate) => rate.Denominator == 0 ? "暂无数据" : $"{rate.Numerator} / {rate.Denominator}";

    /// <summary>"剩 4分12秒" before a deadline, "超时 1小时3分" after it: a countdown always says what it is.</summary>
    public static string Countdown(DateTimeOffset deadline, DateTimeOffset now)
    {
        var left = deadline - now;
        return left >= TimeSpan.Zero ? $"剩 {Elapsed(left)}" : $"{Vocabulary.Late} {Elapsed(left)}";
    }

    /// <summary>How long, in words: 3天2小时, 1小时5分, 4分09秒.</summary>
    public static string Elapsed(TimeSpan span)
    {
        span = span.Duration();
        return span.TotalDays >= 1 ? $"{(int)span.TotalDays}天{span.Hours}小时"
            : span.TotalHours >= 1 ? $"{(int)span.TotalHours}小时{span.Minutes}分"
            : $"{span.Minutes}分{span.Seconds:D2}秒";
    }

    public static string Duration(TimeSpan value) =>
        value.TotalHours >= 1 ? $"{(int)value.TotalHours}小时{value.Minutes}分" : $"{(int)value.TotalMinutes}分{value.Seconds:D2}秒";

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", Chinese) + " KB",
        _ => (bytes / 1024.0 / 1024.0).ToString("0.#", Chinese) + " MB",
    };

    public static string Place(string? place) => place?.Replace("综治中心", string.Empty, StringComparison.Ordinal) ?? "—";
}
