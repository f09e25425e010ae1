namespace Dispatch.Domain.Whistles;

/// <summary>
/// Which days are working days: Monday to Friday, less public holidays, plus make-up working
/// days (调休). Days are counted in the center's local time (China Standard Time by default).
/// </summary>
public sealed class WorkingCalendar
{
    public static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    /// <summary>Local midnight (China time) of the day <paramref name="now"/> falls in, in UTC (databases take UTC only).</summary>
    public static DateTimeOffset StartOfLocalDay(DateTimeOffset now) =>
        new DateTimeOffset(now.ToOffset(ChinaStandardTime).Date, ChinaStandardTime).ToUniversalTime();

    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _makeUpWorkdays;

    public WorkingCalendar(IEnumerable<DateOnly>? holidays = null, IEnumerable<DateOnly>? makeUpWorkdays = null, TimeSpan? utcOffset = null)
    {
        _holidays = [.. holidays ?? []];
        _makeUpWorkdays = [.. makeUpWorkdays ?? []];
        UtcOffset = utcOffset ?? ChinaStandardTime;
    }

    public static WorkingCalendar WeekendsOnly { get; } = new();

    public TimeSpan UtcOffset { get; }

    public bool IsWorkingDay(DateOnly day) =>
        _makeUpWorkdays.Contains(day)
        || (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day));

    /// <summary>
    /// The moment <paramref name="days"/> working days after <paramref name="start"/>, at the same
    /// local time of day. A start on a rest day counts from the start of the next working day.
    /// </summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var local = start.ToOffset(UtcOffset);
        var day = DateOnly.FromDateTime(local.DateTime);
        var timeOfDay = local.TimeOfDay;
        if (!IsWorkingDay(day))
        {
            while (!IsWorkingDay(day))
            {
                day = day.AddDays(1);
            }

            // Starting on a rest day: the clock starts at midnight of the next working day, so
            // "1 working day" ends at the end of that day.
            timeOfDay = TimeSpan.Zero;
        }

        var counted = 0;
        while (counted < days)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        return new DateTimeOffset(day.ToDateTime(TimeOnly.FromTimeSpan(timeOfDay)), UtcOffset).ToUniversalTime();
    }
}
