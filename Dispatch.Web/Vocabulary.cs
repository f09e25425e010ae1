using Dispatch.Domain.Whistles;

namespace Dispatch.Web;

/// <summary>A measure as every page names and defines it.</summary>
public sealed record Measure(string Name, string Definition);

/// <summary>
/// The glossary: one name per measure and one word per meaning, used by every page, the wall
/// and the exports. Change a word here, never on a page.
/// <list type="bullet">
/// <item>超时 — a summons step (报到、到场、反馈) past its limit of minutes or hours;</item>
/// <item>超期 — a case, or a written answer, past its due date in days;</item>
/// <item>督办 — the center chases an overdue summons; 升级 — raised to the level above;</item>
/// <item>二次督办 — a case sent back by a dissatisfied follow-up.</item>
/// </list>
/// </summary>
public static class Vocabulary
{
    public static Measure OnSiteResolution { get; } = new("现场化解率", "现场化解 ÷ 现场联合处置");

    public static Measure TimelyAcceptance { get; } = new("及时受理率", "时限内受理 ÷ 收到诉求");

    public static Measure OnTimeCompletion { get; } = new("按期办结率", "按期办结 ÷ 到期案件");

    public static Measure Satisfaction { get; } = new("群众满意率", "(满意+基本满意) ÷ 回访数");

    public static Measure AcknowledgementMedian { get; } = new("报到用时中位数", "一半的召集在此用时内报到");

    public static Measure AcknowledgementNinety { get; } = new("九成报到用时", "九成的召集在此用时内报到");

    public static Measure AcknowledgedInTime { get; } = new("及时报到率", "时限内报到 ÷ 召集");

    /// <summary>A summons step past its limit.</summary>
    public const string Late = "超时";

    /// <summary>A case (or a written answer) past its due date.</summary>
    public const string PastDue = "超期";

    /// <summary>The console's button that opens a running whistle's commands; not a case stage's name.</summary>
    public const string Command = "指挥";

    /// <summary>The step a summons is working on: 报到, 到场 or 反馈.</summary>
    public static string StepOf(SummonsState state) => state switch
    {
        SummonsState.Pending => "报到",
        SummonsState.Acknowledged => "到场",
        SummonsState.OnSite => "反馈",
        SummonsState.Reported => "已反馈",
        SummonsState.Declined => "退回",
        _ => "改派",
    };
}
