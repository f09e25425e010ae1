using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;

namespace Dispatch.Web.Components.Pages.Track;

/// <summary>
/// What a citizen may see of a case: the stage and the dates of the loop's steps. Built from
/// the timeline's step names and times only, so no name, phone, note or result text can leak.
/// </summary>
public sealed record PublicProgress(string Code, string Category, string StageLabel, bool IsOpen, DateTimeOffset ReceivedAt, DateTimeOffset? DueAt, int SupervisionCount, IReadOnlyList<PublicStep> Steps)
{
    /// <summary>The loop's steps; steps that repeat under second supervision show their latest date.</summary>
    private static readonly (string Name, string Action, bool Repeats)[] Loop =
    [
        ("受理", "受理登记", false),
        ("分流", "分流", false),
        ("研判", "研判", false),
        ("处置", "开始处置", true),
        ("办结反馈", "提交办理结果", true),
        ("回访", "回访", true),
        ("结案", "结案", false),
    ];

    public static PublicProgress Of(Case @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        List<PublicStep> steps;
        if (@case.Status == CaseStatus.Rejected)
        {
            steps = [new("受理登记", @case.AcceptedAt), new("不予受理（告知书已出具）", Latest(@case, "不予受理"))];
        }
        else
        {
            steps = [.. Loop.Select(s => new PublicStep(s.Name, s.Repeats ? Latest(@case, s.Action) : First(@case, s.Action)))];
            foreach (var supervision in @case.Timeline.Where(t => t.Action == "二次督办"))
            {
                steps.Add(new PublicStep("二次督办", supervision.At));
            }

            steps = [.. steps.OrderBy(s => s.At ?? DateTimeOffset.MaxValue)];
        }

        return new PublicProgress(@case.Code, Labels.Of(@case.Category), Labels.Of(@case.Status), @case.IsOpen, @case.ReceivedAt, @case.DueAt, @case.SupervisionCount, steps);
    }

    private static DateTimeOffset? First(Case @case, string action) =>
        @case.Timeline.Where(t => t.Action == action).OrderBy(t => t.Sequence).Select(t => (DateTimeOffset?)t.At).FirstOrDefault();

    private static DateTimeOffset? Latest(Case @case, string action) =>
        @case.Timeline.Where(t => t.Action == action).OrderByDescending(t => t.Sequence).Select(t => (DateTimeOffset?)t.At).FirstOrDefault();
}

public sealed record PublicStep(string Name, DateTimeOffset? At);
