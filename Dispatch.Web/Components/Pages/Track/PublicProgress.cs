using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;

namespace Dispatch.Web.Components.Pages.Track;

/// <summary>
/// What a citizen may see of a case: the stage and the dates of the loop's steps. Built from
/// the timeline's step kinds and times only, so no name, phone, note or result text can leak.
/// </summary>
public sealed record PublicProgress(string Code, string Category, string StageLabel, bool IsOpen, DateTimeOffset ReceivedAt, DateTimeOffset? DueAt, int SupervisionCount, IReadOnlyList<PublicStep> Steps)
{
    /// <summary>The loop's steps; steps that repeat under second supervision show their latest date.</summary>
    private static readonly (string Name, TimelineKind Kind, bool Repeats)[] Loop =
    [
        ("受理", TimelineKind.Accepted, false),
        ("分流", TimelineKind.Routed, false),
        ("研判", TimelineKind.Assessed, false),
        ("处置", TimelineKind.HandlingStarted, true),
        ("办结反馈", TimelineKind.ResultSubmitted, true),
        ("回访", TimelineKind.FollowedUp, true),
        ("结案", TimelineKind.Closed, false),
    ];

    public static PublicProgress Of(Case @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        List<PublicStep> steps;
        if (@case.Status == CaseStatus.Rejected)
        {
            steps = [new("受理登记", @case.AcceptedAt), new("不予受理（告知书已出具）", Latest(@case, TimelineKind.Rejected))];
        }
        else
        {
            steps = [.. Loop.Select(s => new PublicStep(s.Name, s.Repeats ? Latest(@case, s.Kind) : First(@case, s.Kind)))];
            foreach (var supervision in @case.Timeline.Where(t => t.Kind == TimelineKind.SupervisedAgain))
            {
                steps.Add(new PublicStep("二次督办", supervision.At));
            }

            steps = [.. steps.OrderBy(s => s.At ?? DateTimeOffset.MaxValue)];
        }

        return new PublicProgress(@case.Code, Labels.Of(@case.Category), Labels.Of(@case.Status), @case.IsOpen, @case.ReceivedAt, @case.DueAt, @case.SupervisionCount, steps);
    }

    private static DateTimeOffset? First(Case @case, TimelineKind kind) =>
        @case.Timeline.Where(t => t.Kind == kind).OrderBy(t => t.Sequence).Select(t => (DateTimeOffset?)t.At).FirstOrDefault();

    private static DateTimeOffset? Latest(Case @case, TimelineKind kind) =>
        @case.Timeline.Where(t => t.Kind == kind).OrderByDescending(t => t.Sequence).Select(t => (DateTimeOffset?)t.At).FirstOrDefault();
}

public sealed record PublicStep(string Name, DateTimeOffset? At);
