using Dispatch.Web.Reports;

namespace Dispatch.Web.Tests.Reports;

/// <summary>The period a report opens on when the address names none.</summary>
public sealed class ReportPeriodTests
{
    [Fact]
    public void On_the_first_of_a_month_the_report_opens_on_the_last_30_days_not_an_empty_month()
    {
        // 00:30 on 1 December in Beijing: 本月 would hold half an hour.
        var firstOfMonth = new DateTimeOffset(2026, 12, 1, 0, 30, 0, TimeSpan.FromHours(8));

        var (period, error) = ReportPeriod.Parse(null, null, null, firstOfMonth);

        error.ShouldBeNull();
        period!.Preset.ShouldBe("30d");
        (period.From, period.To).ShouldBe((new DateOnly(2026, 11, 2), new DateOnly(2026, 12, 1)));
        period.Label.ShouldBe("近30天（2026年11月2日—2026年12月1日）");
    }

    [Fact]
    public void The_named_presets_still_mean_what_they_say()
    {
        var now = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8));

        ReportPeriod.Parse("month", null, null, now).Period!.From.ShouldBe(new DateOnly(2026, 12, 1));
        ReportPeriod.Parse("last-month", null, null, now).Period!.To.ShouldBe(new DateOnly(2026, 11, 30));
    }
}
