using Dispatch.Domain.Whistles;

namespace Dispatch.Domain.Escalation;

/// <summary>Where a summons stands, as the evaluator needs it.</summary>
public sealed record SummonsProgress(
    SummonsState State,
    DateTimeOffset SummonedAt,
    DateTimeOffset AcknowledgeDueAt,
    DateTimeOffset OnSiteDueAt,
    DateTimeOffset ResultDueAt,
    bool WhistleOpen);

/// <summary>A step that has fallen due.</summary>
public sealed record DueStep(EscalationStep Step, DateTimeOffset DueAt);

/// <summary>The steps due now, and when the next one will be (for the scheduler).</summary>
public sealed record EscalationEvaluation(IReadOnlyList<DueStep> Due, DateTimeOffset? NextDueAt);

/// <summary>
/// Decides which escalation steps are due. A pure function of (summons, policy, now, steps
/// already taken): evaluating again after the due steps were recorded returns nothing, so a
/// trigger that fires twice or late never repeats an action.
/// </summary>
public static class EscalationEvaluator
{
    public static EscalationEvaluation Evaluate(
        EscalationPolicy policy,
        SummonsProgress summons,
        DateTimeOffset now,
        IReadOnlySet<string> alreadyTaken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(summons);
        ArgumentNullException.ThrowIfNull(alreadyTaken);

        if (!summons.WhistleOpen || !IsInProgress(summons.State))
        {
            return new EscalationEvaluation([], null);
        }

        var due = new List<DueStep>();
        DateTimeOffset? next = null;
        foreach (var step in policy.Steps)
        {
            if (alreadyTaken.Contains(step.Key) || Reached(summons.State, step.UnlessReached))
            {
                continue;
            }

            var at = step.DueAt(summons.SummonedAt, DeadlineOf(summons, step.Deadline));
            if (at <= now)
            {
                due.Add(new DueStep(step, at));
            }
            else if (next is null || at < next)
            {
                next = at;
            }
        }

        return new EscalationEvaluation([.. due.OrderBy(d => d.DueAt)], next);
    }

    public static DateTimeOffset DeadlineOf(SummonsProgress summons, DeadlineKind kind) => kind switch
    {
        DeadlineKind.Acknowledge => summons.AcknowledgeDueAt,
        DeadlineKind.OnSite => summons.OnSiteDueAt,
        _ => summons.ResultDueAt,
    };

    /// <summary>Pending, acknowledged and on-site summonses can still miss a deadline.</summary>
    public static bool IsInProgress(SummonsState state) => Summons.InProgressStates.Contains(state);

    private static bool Reached(SummonsState current, SummonsState target) => Rank(current) >= Rank(target);

    private static int Rank(SummonsState state) => state switch
    {
        SummonsState.Pending => 0,
        SummonsState.Acknowledged => 1,
        SummonsState.OnSite => 2,
        SummonsState.Reported => 3,
        _ => int.MaxValue,
    };
}
