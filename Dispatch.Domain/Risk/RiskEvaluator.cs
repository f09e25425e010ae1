using Dispatch.Domain.Cases;
using Dispatch.Domain.Kpis;

namespace Dispatch.Domain.Risk;

/// <summary>What a rule found: the cases behind it and the numbers that made it fire.</summary>
public sealed record RiskSignal(
    Guid RuleId,
    string Key,
    CaseCategory Category,
    Guid? PlaceId,
    int Count,
    int? PreviousCount,
    Period Window,
    IReadOnlyList<Guid> CaseIds);

/// <summary>Runs the rules over case facts; pure, so a rule can be checked on a fixture.</summary>
public static class RiskEvaluator
{
    public static IReadOnlyList<RiskSignal> Evaluate(IEnumerable<RiskRule> rules, IReadOnlyCollection<CaseFact> cases, DateTimeOffset now) =>
        [.. rules.Where(r => r.Enabled).SelectMany(r => Evaluate(r, cases, now))];

    public static IReadOnlyList<RiskSignal> Evaluate(RiskRule rule, IReadOnlyCollection<CaseFact> cases, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var window = new Period(now - TimeSpan.FromDays(rule.WindowDays), now);
        var counted = cases.Where(c => c.Status != CaseStatus.Rejected && (rule.Category is null || c.Category == rule.Category)).ToList();
        var current = counted.Where(c => window.Contains(c.ReceivedAt)).ToList();
        return rule.Kind switch
        {
            RiskRuleKind.Cluster => [.. current
                .Where(c => (c.VillageId ?? c.TownshipId) is not null)
                .GroupBy(c => (c.Category, Place: (c.VillageId ?? c.TownshipId)!.Value))
                .Where(g => g.Count() >= rule.MinCases)
                .OrderByDescending(g => g.Count())
                .Select(g => new RiskSignal(rule.Id, $"cluster:{g.Key.Category}:{g.Key.Place:N}", g.Key.Category, g.Key.Place, g.Count(), null, window, Ids(g)))],
            RiskRuleKind.Rise => Rises(rule, counted, current, window),
            _ => [],
        };
    }

    private static List<RiskSignal> Rises(RiskRule rule, List<CaseFact> counted, List<CaseFact> current, Period window)
    {
        var before = counted.Where(c => window.Previous.Contains(c.ReceivedAt)).CountBy(c => c.Category).ToDictionary();
        return [.. current
            .GroupBy(c => c.Category)
            .Select(g => (Cases: g, Count: g.Count(), Previous: before.GetValueOrDefault(g.Key)))
            .Where(x => x.Count >= rule.MinCases && RosePast(x.Count, x.Previous, rule.RisePercent ?? 0))
            .OrderByDescending(x => x.Count)
            .Select(x => new RiskSignal(rule.Id, $"rise:{x.Cases.Key}", x.Cases.Key, null, x.Count, x.Previous, window, Ids(x.Cases)))];
    }

    /// <summary>From none to at least N counts as a rise past any percentage.</summary>
    private static bool RosePast(int count, int previous, int percent) =>
        previous == 0 ? count > 0 : (count - previous) * 100.0 / previous > percent;

    private static Guid[] Ids(IEnumerable<CaseFact> cases) => [.. cases.OrderBy(c => c.ReceivedAt).Select(c => c.Id)];
}
