using Dispatch.Domain.Cases;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Organization;

namespace Dispatch.Domain.Reports;

/// <summary>What a count is broken down by: nothing (the area's total), category, township or department.</summary>
public enum TallyKind
{
    Total = 0,
    Category = 1,
    Township = 2,
    Department = 3,
}

/// <summary>The moment of a case a count is dated by.</summary>
public enum TallyEvent
{
    Received = 1,
    Closed = 2,
    Due = 3,
    Result = 4,
    FollowUp = 5,
}

/// <summary>
/// One line of the daily counts: the area (<see cref="Scope"/>, <see cref="Guid.Empty"/> for the
/// county's whole area, else a township's or village's center), the China-local day, and what the
/// counts are broken down by (<see cref="Key"/>: empty, a category's number or an id).
/// </summary>
public readonly record struct TallyKey(Guid Scope, DateOnly Day, TallyKind Kind, string Key);

/// <summary>
/// The counts every report is summed from, per day: received (and of them decided within the
/// acceptance limit), closed (and at which level), due (and of them closed, or with the result in,
/// by the due date), results in, follow-ups (satisfied, dissatisfied).
/// </summary>
public readonly record struct TallyCounts(
    int Received,
    int AcceptedInTime,
    int Closed,
    int ClosedAtVillage,
    int ClosedAtTownship,
    int ClosedAtCounty,
    int Due,
    int DueClosedInTime,
    int DueResultInTime,
    int Results,
    int FollowUps,
    int Satisfied,
    int Dissatisfied)
{
    public bool IsZero => this == default;

    public static TallyCounts operator +(TallyCounts a, TallyCounts b) => new(
        a.Received + b.Received,
        a.AcceptedInTime + b.AcceptedInTime,
        a.Closed + b.Closed,
        a.ClosedAtVillage + b.ClosedAtVillage,
        a.ClosedAtTownship + b.ClosedAtTownship,
        a.ClosedAtCounty + b.ClosedAtCounty,
        a.Due + b.Due,
        a.DueClosedInTime + b.DueClosedInTime,
        a.DueResultInTime + b.DueResultInTime,
        a.Results + b.Results,
        a.FollowUps + b.FollowUps,
        a.Satisfied + b.Satisfied,
        a.Dissatisfied + b.Dissatisfied);

    public static TallyCounts operator -(TallyCounts a) => new(
        -a.Received, -a.AcceptedInTime, -a.Closed, -a.ClosedAtVillage, -a.ClosedAtTownship, -a.ClosedAtCounty,
        -a.Due, -a.DueClosedInTime, -a.DueResultInTime, -a.Results, -a.FollowUps, -a.Satisfied, -a.Dissatisfied);

    public static TallyCounts operator -(TallyCounts a, TallyCounts b) => a + -b;

    /// <summary>Cases closed at a level (the level distribution's denominator).</summary>
    public int ClosedWithLevel => ClosedAtVillage + ClosedAtTownship + ClosedAtCounty;

    public int ClosedAt(CenterLevel level) => level switch
    {
        CenterLevel.Village => ClosedAtVillage,
        CenterLevel.Township => ClosedAtTownship,
        _ => ClosedAtCounty,
    };
}

/// <summary>
/// What one case adds to the daily counts, as a pure function of its facts: the same function
/// keeps the stored counts current (the old facts taken away, the new added, in the transaction
/// that changes the case) and counts the edges of a period from rows, so the two cannot disagree.
/// </summary>
public static class CaseTally
{
    /// <summary>The key of the county's whole area.</summary>
    public static readonly Guid AllScope = Guid.Empty;

    /// <summary>The areas a case is counted in: the county's, its township's and village's, and the center holding it.</summary>
    public static IReadOnlyList<Guid> ScopesOf(CaseFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        var scopes = new List<Guid>(4) { AllScope };
        foreach (var id in new[] { fact.TownshipId, fact.VillageId, fact.CenterLevel == CenterLevel.County ? null : fact.CenterId })
        {
            if (id is { } scope && !scopes.Contains(scope))
            {
                scopes.Add(scope);
            }
        }

        return scopes;
    }

    public static string KeyOf(CaseCategory category) => ((int)category).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string KeyOf(Guid id) => id.ToString("D");

    public static DateOnly DayOf(DateTimeOffset at, TimeSpan offset) => DateOnly.FromDateTime(at.ToOffset(offset).DateTime);

    /// <summary>
    /// Adds (<paramref name="sign"/> 1) or takes away (−1) one case's counts, keyed by area, day
    /// and breakdown; <paramref name="include"/> picks the moments that count (a period's part
    /// days), all of them when null. Lines that cancel out are removed.
    /// </summary>
    public static void Add(Dictionary<TallyKey, TallyCounts> tallies, CaseFact fact, IEnumerable<FollowUpFact> followUps, TimeSpan offset, Func<TallyEvent, DateTimeOffset, bool>? include, int sign)
    {
        ArgumentNullException.ThrowIfNull(tallies);
        ArgumentNullException.ThrowIfNull(fact);
        ArgumentNullException.ThrowIfNull(followUps);
        var scopes = ScopesOf(fact);
        var township = fact.TownshipId is { } t ? KeyOf(t) : null;
        var department = fact.DepartmentId is { } d ? KeyOf(d) : null;
        bool Counts(TallyEvent kind, DateTimeOffset at) => include is null || include(kind, at);

        void Put(DateTimeOffset at, TallyKind kind, string key, TallyCounts counts)
        {
            if (sign < 0)
            {
                counts = -counts;
            }

            var day = DayOf(at, offset);
            foreach (var scope in scopes)
            {
                var k = new TallyKey(scope, day, kind, key);
                var sum = tallies.GetValueOrDefault(k) + counts;
                if (sum.IsZero)
                {
                    tallies.Remove(k);
                }
                else
                {
                    tallies[k] = sum;
                }
            }
        }

        if (Counts(TallyEvent.Received, fact.ReceivedAt))
        {
            var received = new TallyCounts { Received = 1, AcceptedInTime = fact.AcceptedAt <= fact.AcceptanceDueAt ? 1 : 0 };
            Put(fact.ReceivedAt, TallyKind.Total, string.Empty, received);
            Put(fact.ReceivedAt, TallyKind.Category, KeyOf(fact.Category), received);
            if (township is not null)
            {
                Put(fact.ReceivedAt, TallyKind.Township, township, received);
            }
        }

        if (fact.ClosedAt is { } closedAt && Counts(TallyEvent.Closed, closedAt))
        {
            var closed = new TallyCounts
            {
                Closed = 1,
                ClosedAtVillage = fact.ClosedAtLevel == CenterLevel.Village ? 1 : 0,
                ClosedAtTownship = fact.ClosedAtLevel == CenterLevel.Township ? 1 : 0,
                ClosedAtCounty = fact.ClosedAtLevel == CenterLevel.County ? 1 : 0,
            };
            Put(closedAt, TallyKind.Total, string.Empty, closed);
            if (township is not null)
            {
                Put(closedAt, TallyKind.Township, township, closed);
            }
        }

        if (fact.DueAt is { } dueAt && Counts(TallyEvent.Due, dueAt))
        {
            var due = new TallyCounts
            {
                Due = 1,
                DueClosedInTime = fact.ClosedAt is { } c && c <= dueAt ? 1 : 0,
                DueResultInTime = fact.ResultAt is { } r && r <= dueAt ? 1 : 0,
            };
            Put(dueAt, TallyKind.Total, string.Empty, due);
            if (township is not null)
            {
                Put(dueAt, TallyKind.Township, township, due);
            }

            if (department is not null)
            {
                Put(dueAt, TallyKind.Department, department, due);
            }
        }

        if (department is not null && fact.ResultAt is { } resultAt && Counts(TallyEvent.Result, resultAt))
        {
            Put(resultAt, TallyKind.Department, department, new TallyCounts { Results = 1 });
        }

        foreach (var followUp in followUps)
        {
            if (!Counts(TallyEvent.FollowUp, followUp.At))
            {
                continue;
            }

            var answer = new TallyCounts
            {
                FollowUps = 1,
                Satisfied = followUp.Satisfied ? 1 : 0,
                Dissatisfied = followUp.Satisfaction == Satisfaction.Dissatisfied ? 1 : 0,
            };
            Put(followUp.At, TallyKind.Total, string.Empty, answer);
            if (township is not null)
            {
                Put(followUp.At, TallyKind.Township, township, answer);
            }

            if (department is not null)
            {
                Put(followUp.At, TallyKind.Department, department, answer);
            }
        }
    }
}
