using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;

namespace Dispatch.Domain.Risk;

public enum RiskRuleKind
{
    /// <summary>N cases of one category in one community (village) within M days.</summary>
    Cluster = 1,

    /// <summary>A category's cases of the last M days rose more than X % over the M days before.</summary>
    Rise = 2,
}

/// <summary>
/// A risk early-warning rule (风险预警规则): data an admin edits, not code. A rule without a
/// category watches every category, each on its own.
/// </summary>
public sealed class RiskRule
{
    public const int MaxWindowDays = 90;

    private RiskRule(Guid id, string name)
    {
        Id = id;
        Name = name;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public RiskRuleKind Kind { get; private set; }

    /// <summary>Null: every category, each counted on its own.</summary>
    public CaseCategory? Category { get; private set; }

    /// <summary>M: the window in days (for a rise, the current window; the one before has the same length).</summary>
    public int WindowDays { get; private set; }

    /// <summary>N: the least number of cases in the window for the rule to fire.</summary>
    public int MinCases { get; private set; }

    /// <summary>X: the rise in percent a <see cref="RiskRuleKind.Rise"/> rule needs; null for a cluster.</summary>
    public int? RisePercent { get; private set; }

    public bool Enabled { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string UpdatedBy { get; private set; } = string.Empty;

    public static RiskRule Create(Guid id, string name, RiskRuleKind kind, CaseCategory? category, int windowDays, int minCases, int? risePercent, bool enabled, Actor actor, DateTimeOffset now)
    {
        var rule = new RiskRule(id, string.Empty);
        rule.Update(name, kind, category, windowDays, minCases, risePercent, enabled, actor, now);
        return rule;
    }

    /// <summary>Every value checked at once; the message names what to fix.</summary>
    public void Update(string name, RiskRuleKind kind, CaseCategory? category, int windowDays, int minCases, int? risePercent, bool enabled, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var problems = new List<string>();
        var text = name?.Trim() ?? string.Empty;
        if (text.Length is 0 or > 50)
        {
            problems.Add("规则名称须为 1–50 个字");
        }

        if (!Enum.IsDefined(kind))
        {
            problems.Add("请选择规则类型");
        }

        if (category is { } c && !Enum.IsDefined(c))
        {
            problems.Add("诉求类别无效");
        }

        if (windowDays is < 1 or > MaxWindowDays)
        {
            problems.Add($"统计天数须在 1–{MaxWindowDays} 天之间");
        }

        if (minCases is < 2 or > 10_000)
        {
            problems.Add("案件数门槛须在 2–10000 件之间");
        }

        if (kind == RiskRuleKind.Rise && risePercent is not (>= 1 and <= 1000))
        {
            problems.Add("环比上升幅度须在 1%–1000% 之间");
        }

        if (problems.Count > 0)
        {
            throw new DomainException(problems);
        }

        Name = text;
        Kind = kind;
        Category = category;
        WindowDays = windowDays;
        MinCases = minCases;
        RisePercent = kind == RiskRuleKind.Rise ? risePercent : null;
        Enabled = enabled;
        UpdatedAt = Guard.Utc(now);
        UpdatedBy = actor.Name;
    }

    /// <summary>The rule in one sentence, as the admin page and a warning show it.</summary>
    public string Describe()
    {
        var what = Category is { } c ? $"「{Labels.Of(c)}」类" : "同一类别";
        return Kind == RiskRuleKind.Cluster
            ? $"同一村（社区）{what}诉求 {WindowDays} 天内达到 {MinCases} 件"
            : $"{what}诉求近 {WindowDays} 天比前 {WindowDays} 天上升超过 {RisePercent}%，且不少于 {MinCases} 件";
    }

    /// <summary>The rules a new installation starts with; admins edit or disable them.</summary>
    public static IReadOnlyList<RiskRule> Defaults(Actor actor, DateTimeOffset now) =>
    [
        Create(new Guid("6f1d0c5e-7a43-4a59-9d0e-3e0c1a000001"), "社区聚集：物业", RiskRuleKind.Cluster, CaseCategory.PropertyManagement, 7, 3, null, true, actor, now),
        Create(new Guid("6f1d0c5e-7a43-4a59-9d0e-3e0c1a000002"), "社区聚集：供热", RiskRuleKind.Cluster, CaseCategory.Heating, 7, 3, null, true, actor, now),
        Create(new Guid("6f1d0c5e-7a43-4a59-9d0e-3e0c1a000003"), "社区聚集：欠薪", RiskRuleKind.Cluster, CaseCategory.WageArrears, 14, 3, null, true, actor, now),
        Create(new Guid("6f1d0c5e-7a43-4a59-9d0e-3e0c1a000004"), "类别环比上升", RiskRuleKind.Rise, null, 7, 10, 50, true, actor, now),
    ];
}
