using Dispatch.Domain.Common;
using Dispatch.Domain.Whistles;
using static Dispatch.Domain.Tests.Builders;

namespace Dispatch.Domain.Tests.Whistles;

public class WorkingCalendarTests
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    [Fact]
    public void ThreeWorkingDays_FromThursday_SkipTheWeekend()
    {
        var thursday = new DateTimeOffset(2026, 11, 19, 15, 0, 0, Cst);

        WorkingCalendar.WeekendsOnly.AddWorkingDays(thursday, 3).ShouldBe(new DateTimeOffset(2026, 11, 24, 15, 0, 0, Cst));
    }

    [Fact]
    public void StartingOnSaturday_CountsFromMondayMorning()
    {
        var saturday = new DateTimeOffset(2026, 11, 21, 10, 0, 0, Cst);

        WorkingCalendar.WeekendsOnly.AddWorkingDays(saturday, 1).ShouldBe(new DateTimeOffset(2026, 11, 24, 0, 0, 0, Cst));
    }

    [Fact]
    public void ADeadlineAtMidnight_ReadsAsTheEndOfTheDayBefore()
    {
        var saturday = new DateTimeOffset(2026, 11, 21, 10, 0, 0, Cst);

        Labels.Time(WorkingCalendar.WeekendsOnly.AddWorkingDays(saturday, 1)).ShouldBe("2026-11-23 24:00");
        Labels.Time(new DateTimeOffset(2026, 11, 23, 0, 1, 0, Cst)).ShouldBe("2026-11-23 00:01");
        Labels.Time(new DateTimeOffset(2026, 11, 23, 9, 5, 0, Cst), "MM-dd").ShouldBe("11-23 09:05");
    }

    [Fact]
    public void Holidays_AreSkipped_AndMakeUpWorkdaysCount()
    {
        // 2026 National Day: 10-01..10-07 off, Sunday 09-27? and Saturday 10-10 made up (a configurable list).
        var holidays = Enumerable.Range(1, 7).Select(d => new DateOnly(2026, 10, d));
        var calendar = new WorkingCalendar(holidays, [new DateOnly(2026, 10, 10)]);
        var tuesday = new DateTimeOffset(2026, 9, 29, 9, 0, 0, Cst);

        calendar.AddWorkingDays(tuesday, 3).ShouldBe(new DateTimeOffset(2026, 10, 9, 9, 0, 0, Cst));
        calendar.AddWorkingDays(tuesday, 4).ShouldBe(new DateTimeOffset(2026, 10, 10, 9, 0, 0, Cst));
        calendar.IsWorkingDay(new DateOnly(2026, 10, 10)).ShouldBeTrue();
        calendar.IsWorkingDay(new DateOnly(2026, 10, 5)).ShouldBeFalse();
    }

    [Fact]
    public void DaysAreCountedInChinaTime_NotUtc()
    {
        // Friday 23:30 in Beijing is still Friday there, though it is Friday 15:30 UTC.
        var fridayLate = new DateTimeOffset(2026, 11, 20, 23, 30, 0, Cst).ToUniversalTime();

        WorkingCalendar.WeekendsOnly.AddWorkingDays(fridayLate, 1).ShouldBe(new DateTimeOffset(2026, 11, 23, 23, 30, 0, Cst));
    }

    [Fact]
    public void ResponseLimit_InWorkingDays_UsesTheCalendar() =>
        ResponseLimit.WorkingDays(3).DueFrom(Monday9, WorkingCalendar.WeekendsOnly).ShouldBe(Monday9.AddDays(3));
}
