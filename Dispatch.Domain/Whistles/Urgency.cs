namespace Dispatch.Domain.Whistles;

/// <summary>How urgently a summons needs someone, most urgent first: the order of every list that shows summonses.</summary>
public enum Urgency
{
    /// <summary>The department declined (退回): the director must reassign or insist.</summary>
    Declined = 0,

    /// <summary>Overdue and raised to the level above (升级) by the escalation policy.</summary>
    Escalated = 1,

    /// <summary>Its current deadline has passed (超时).</summary>
    Overdue = 2,

    /// <summary>Not yet acknowledged (待报到), still within its time.</summary>
    Waiting = 3,

    /// <summary>Acknowledged or on site, within its time.</summary>
    Running = 4,

    /// <summary>Reported, or moved to another department: nothing to chase.</summary>
    Settled = 5,
}

/// <summary>The one rule that says how urgent a summons is; consoles, terminals and walls sort by it.</summary>
public static class SummonsUrgency
{
    public static Urgency Of(SummonsState state, DateTimeOffset? nextDeadline, bool escalated, DateTimeOffset now) => state switch
    {
        SummonsState.Declined => Urgency.Declined,
        SummonsState.Reported or SummonsState.Reassigned => Urgency.Settled,
        _ when nextDeadline is { } due && now > due => escalated ? Urgency.Escalated : Urgency.Overdue,
        SummonsState.Pending => Urgency.Waiting,
        _ => Urgency.Running,
    };

    /// <summary>A whistle is as urgent as its most urgent summons; one with none has nothing to chase.</summary>
    public static Urgency OfWhistle(IEnumerable<Urgency> summonses) =>
        summonses.DefaultIfEmpty(Urgency.Settled).Min();

    /// <summary>Declined, escalated or overdue: the summons needs the center's attention now.</summary>
    public static bool NeedsAttention(this Urgency urgency) => urgency <= Urgency.Overdue;
}
