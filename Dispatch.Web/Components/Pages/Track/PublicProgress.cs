using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;

namespace Dispatch.Web.Components.Pages.Track;

/// <summary>
/// What a citizen may see of a case: the stage and the dates of the loop's steps. Built from
/// the timeline's step names and times only, so no name, phone, note or result text can leak.
/// </summary>
public sealed record PublicProgress(string Code, string Category, string StageLabel, bool IsOpen, DateTimeOffset ReceivedAt, DateTimeOffset? DueAt, int SupervisionCount, IReadOnlyList<PublicStep> Steps)
{
    private static readonly (string Name, string[] Actions)[] Loop =
    [
        ("受理", ["受理登记"]),
        ("分流", ["分流"]),
        ("研判", ["研判"]),
        ("处置", ["开始处置"]),
        ("办结反馈", ["提交办理结果"]),
        ("回访", ["回访"]),
        ("结案", ["结案"]),
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
            steps = [.. Loop.Select(s => new PublicStep(s.Name, s.Name == "回访" || s.Name == "办结反馈" || s.Name == "处置" ? Latest(@case, s.Actions) : First(@case, s.Actions)))];
            foreach (var supervision in @case.Timeline.Where(t => t.Action == "二次督办"))
            {
                steps.Add(new PublicStep("二次督办", supervision.At));
            }

            steps = [.. steps.OrderBy(s => s.At ?? DateTimeOffset.MaxValue)];
        }

        return new PublicProgress(@case.Code, Labels.Of(@case.Category), Labels.Of(@case.Status), @case.IsOpen, @case.ReceivedAt, @case.DueAt, @case.SupervisionCount, steps);
    }

    private static DateTimeOffset? First(Case @case, params string[] actions) =>
        @case.Timeline.Where(t => actions.Contains(t.Action)).OrderBy(t => t.Sequence).Select(t => (DateTimeOffset?)t.At).FirstOrDefault();

    private static DateTimeOffset? Latest(Case @case, params string[] actions) =>
        @case.Timeline.Where(t => actions.Contains(t.Action)).OrderByDescending(t => t.Sequence).Select(t => (DateTimeOffset?)t.At).FirstOrDefault();
}

public sealed record PublicStep(string Name, DateTimeOffset? At);
