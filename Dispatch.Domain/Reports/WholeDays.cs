using Dispatch.Domain.Kpis;

namespace Dispatch.Domain.Reports;

/// <summary>
/// The whole local days inside a period (from <see cref="First"/> to <see cref="Last"/>), which
/// the daily counts serve, and the part days at its ends (<see cref="Parts"/>), which are counted
/// from the rows.
/// </summary>
public readonly record struct WholeDays(DateOnly First, DateOnly Last)
{
    public bool Any => First <= Last;

    public static WholeDays Of(Period period, TimeSpan offset)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (period.To <= period.From)
        {
            return new WholeDays(DateOnly.MaxValue, DateOnly.MinValue);
        }

        var first = CaseTally.DayOf(period.From, offset);
        if (StartOf(first, offset) < period.From)
        {
            first = first.AddDays(1);
        }

        return new WholeDays(first, CaseTally.DayOf(period.To, offset).AddDays(-1));
    }

    public static DateTimeOffset StartOf(DateOnly day, TimeSpan offset) => new(day.ToDateTime(TimeOnly.MinValue), offset);

    /// <summary>Whether a moment falls on one of the whole days.</summary>
    public bool Contain(DateTimeOffset at, TimeSpan offset) => Any && CaseTally.DayOf(at, offset) is var day && day >= First && day <= Last;

    /// <summary>The pieces of the period outside the whole days (none, one or two), in UTC.</summary>
    public IReadOnlyList<Period> Parts(Period period, TimeSpan offset)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (period.To <= period.From)
        {
            return [];
        }

        if (!Any)
        {
            return [period];
        }

        var parts = new List<Period>(2);
        var start = StartOf(First, offset).ToUniversalTime();
        var end = StartOf(Last.AddDays(1), offset).ToUniversalTime();
        if (period.From < start)
        {
            parts.Add(new Period(period.From, start));
        }

        if (end < period.To)
        {
            parts.Add(new Period(end, period.To));
        }

        return parts;
    }
}
