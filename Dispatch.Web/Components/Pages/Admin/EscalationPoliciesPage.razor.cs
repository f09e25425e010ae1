using Dispatch.Domain.Escalation;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Escalation;
using Dispatch.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Admin;

public enum OffsetMode
{
    Percent,
    MinutesAfter,
}

/// <summary>An administrator edits escalation policies; the domain validates and explains each problem.</summary>
public sealed partial class EscalationPoliciesPage
{
    private IReadOnlyList<EscalationPolicyRecord>? _policies;
    private Draft? _editing;
    private IReadOnlyList<string> _problems = [];
    private bool _busy;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync() => _policies = await Store.ListAsync(CancellationToken.None);

    private void New()
    {
        _problems = [];
        _editing = new Draft(null, string.Empty, false, [new DraftStep()]);
    }

    private void Edit(EscalationPolicyRecord record)
    {
        _problems = [];
        _editing = new Draft(record.Id, record.Name, record.IsDefault, [.. record.Policy.Steps.Select(DraftStep.From)]) { WhenNobodyPresent = record.Policy.WhenNobodyPresent };
    }

    private void AddStep() => _editing?.Steps.Add(new DraftStep { Deadline = _editing.Steps.LastOrDefault()?.Deadline ?? DeadlineKind.Acknowledge });

    private async Task SaveAsync()
    {
        if (_editing is not { } draft)
        {
            return;
        }

        _busy = true;
        try
        {
            var user = (await AuthenticationState).User.ToOperator();
            var result = await Store.SaveAsync(user, draft.Id, draft.Name, [.. draft.Steps.Select(s => s.ToStep())], draft.IsDefault, draft.WhenNobodyPresent);
            _problems = result.Problems;
            if (result.Saved)
            {
                Notices.Add($"已保存「{draft.Name.Trim()}」", Severity.Success);
                _editing = null;
                _policies = await Store.ListAsync(CancellationToken.None);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private sealed class Draft(Guid? id, string name, bool isDefault, List<DraftStep> steps)
    {
        public Guid? Id { get; } = id;

        public string Name { get; set; } = name;

        public bool IsDefault { get; set; } = isDefault;

        public EscalationAction? WhenNobodyPresent { get; set; }

        public List<DraftStep> Steps { get; } = steps;
    }

    private sealed class DraftStep
    {
        public DeadlineKind Deadline { get; set; } = DeadlineKind.Acknowledge;

        public OffsetMode Mode { get; set; } = OffsetMode.Percent;

        public int Value { get; set; } = 100;

        public EscalationAction Action { get; set; } = EscalationAction.RemindTerminal;

        public static DraftStep From(EscalationStep step) => new()
        {
            Deadline = step.Deadline,
            Mode = step.PercentOfLimit is null ? OffsetMode.MinutesAfter : OffsetMode.Percent,
            Value = step.PercentOfLimit ?? step.MinutesAfterDeadline ?? 0,
            Action = step.Action,
        };

        public EscalationStep ToStep() => new(
            Deadline,
            Mode == OffsetMode.Percent ? Value : null,
            Mode == OffsetMode.MinutesAfter ? Value : null,
            EscalationStep.StateThatMeets(Deadline),
            Action);
    }
}
