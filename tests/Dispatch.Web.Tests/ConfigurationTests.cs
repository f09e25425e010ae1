using Dispatch.Domain.Whistles;
using Dispatch.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests;

[Collection(WebAppCollection.Name)]
public class ConfigurationTests(DispatchWebFactory factory)
{
    [Fact]
    public void TheShippedHolidayCalendar_IsWhatWorkingDayLimitsUse()
    {
        var calendar = factory.Services.GetRequiredService<WorkingCalendar>();

        calendar.IsWorkingDay(new DateOnly(2026, 10, 1)).ShouldBeFalse();
        calendar.IsWorkingDay(new DateOnly(2026, 10, 10)).ShouldBeTrue();
        calendar.IsWorkingDay(new DateOnly(2026, 10, 9)).ShouldBeTrue();
        // Wednesday 2026-09-30 09:00 + 3 working days: 10-08 and 10-09 count, the holiday does not, Saturday 10-10 is a make-up day.
        calendar.AddWorkingDays(new DateTimeOffset(2026, 9, 30, 9, 0, 0, WorkingCalendar.ChinaStandardTime), 3)
            .ShouldBe(new DateTimeOffset(2026, 10, 10, 9, 0, 0, WorkingCalendar.ChinaStandardTime));
    }
}
