using Dispatch.Domain.Common;

namespace Dispatch.Domain.Whistles;

public enum LimitUnit
{
    Minutes = 1,
    Hours = 2,
    WorkingDays = 3,
}

/// <summary>A time limit such as "10 minutes" or "3 working days".</summary>
public sealed record ResponseLimit(int Amount, LimitUnit Unit)
{
    public static ResponseLimit Minutes(int amount) => new(amount, LimitUnit.Minutes);

    public static ResponseLimit Hours(int amount) => new(amount, LimitUnit.Hours);

    public static ResponseLimit WorkingDays(int amount) => new(amount, LimitUnit.WorkingDays);

    public DateTimeOffset DueFrom(DateTimeOffset start, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return Unit switch
        {
            LimitUnit.Minutes => start.AddMinutes(Amount),
            LimitUnit.Hours => start.AddHours(Amount),
            LimitUnit.WorkingDays => calendar.AddWorkingDays(start, Amount),
            _ => throw new DomainException($"未知的时限单位：{Unit}。"),
        };
    }

    public override string ToString() => $"{Amount} {Labels.Of(Unit)}";
}

/// <summary>
/// How fast summoned departments must respond: acknowledge (报到), be on site (到场), report
/// the result (反馈), each measured from the moment the department is summoned.
/// </summary>
public sealed record ResponsePolicy
{
    public ResponsePolicy(string name, ResponseLimit acknowledgeWithin, ResponseLimit onSiteWithin, ResponseLimit resultWithin)
    {
        Name = Guard.Required(name, "响应要求名称", 30);
        foreach (var (limit, what) in new[] { (acknowledgeWithin, "报到时限"), (onSiteWithin, "到场时限"), (resultWithin, "反馈时限") })
        {
            ArgumentNullException.ThrowIfNull(limit);
            if (limit.Amount <= 0)
            {
                throw new DomainException($"{what}必须大于零。");
            }
        }

        AcknowledgeWithin = acknowledgeWithin;
        OnSiteWithin = onSiteWithin;
        ResultWithin = resultWithin;
    }

    public string Name { get; }

    public ResponseLimit AcknowledgeWithin { get; }

    public ResponseLimit OnSiteWithin { get; }

    public ResponseLimit ResultWithin { get; }

    public static ResponsePolicy Urgent { get; } = new("紧急", ResponseLimit.Minutes(5), ResponseLimit.Minutes(30), ResponseLimit.WorkingDays(1));

    public static ResponsePolicy Normal { get; } = new("一般", ResponseLimit.Minutes(15), ResponseLimit.Hours(2), ResponseLimit.WorkingDays(3));

    public static IReadOnlyList<ResponsePolicy> Presets { get; } = [Urgent, Normal];
}
