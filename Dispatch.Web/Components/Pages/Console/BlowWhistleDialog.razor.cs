using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Presence;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Escalation;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Presence;
using Dispatch.Infrastructure.Queries;
using Dispatch.Infrastructure.Whistles;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Console;

/// <summary>
/// The whistle: pick departments (the ones that handled this category most come first, each
/// with who is on duty), a response policy from a preset or edited, and a message; every
/// problem is listed at once; the server decides in the end.
/// </summary>
public sealed partial class BlowWhistleDialog
{
    /// <summary>The domain's limit on the whistle message (吹哨说明).</summary>
    internal const int MessageLimit = 1000;

    private const int SuggestionCount = 4;

    private IReadOnlyList<DepartmentRow>? _departments;
    private IReadOnlyList<DepartmentExperience> _experience = [];
    private DutyBoardView? _duty;
    private EscalationAction? _whenNobodyPresent;
    private readonly List<Guid> _picked = [];
    private readonly EditableLimit _ack = new();
    private readonly EditableLimit _onSite = new();
    private readonly EditableLimit _result = new();
    private string _presetName = string.Empty;
    private string? _message;
    private string? _error;
    private bool _busy;
    private bool _tried;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public CaseRow Case { get; set; } = default!;

    [Parameter, EditorRequired]
    public Operator User { get; set; } = default!;

    [Inject]
    public required DispatchQueries Queries { get; init; }

    [Inject]
    public required WhistleCommands Commands { get; init; }

    [Inject]
    public required PresenceBoard Presence { get; init; }

    [Inject]
    public required EscalationPolicies Policies { get; init; }

    [Inject]
    public required Infrastructure.Security.CenterScopes Scopes { get; init; }

    /// <summary>Opens the dialog for a case; returns the new whistle's id, or null when cancelled.</summary>
    public static async Task<Guid?> OpenAsync(IDialogService dialogs, CaseRow row, Operator user)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        var parameters = new DialogParameters<BlowWhistleDialog> { { d => d.Case, row }, { d => d.User, user } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, CloseButton = true };
        var dialog = await dialogs.ShowAsync<BlowWhistleDialog>($"吹哨 {row.Code}", parameters, options);
        var result = await dialog.Result;
        return result is { Canceled: false, Data: Guid id } ? id : null;
    }

    protected override async Task OnInitializedAsync()
    {
        UsePreset(ResponsePolicy.Normal);
        _departments = await Queries.DepartmentsAsync(await Scopes.OfAsync(User, CancellationToken.None), CancellationToken.None);
        _experience = await Queries.ExperienceAsync(Case.Category, SuggestionCount, CancellationToken.None);
        _duty = await Presence.ReadAsync();
        _whenNobodyPresent = (await Policies.ListAsync(CancellationToken.None)).FirstOrDefault(p => p.IsDefault)?.Policy.WhenNobodyPresent;
    }

    /// <summary>The suggested departments, most experienced first.</summary>
    internal IReadOnlyList<(DepartmentRow Department, int Count)> Suggested =>
        _departments is null ? [] : [.. _experience.Select(e => (_departments.FirstOrDefault(d => d.Id == e.DepartmentId), e.Count)).Where(x => x.Item1 is not null).Select(x => (x.Item1!, x.Count))];

    private IEnumerable<DepartmentRow> Others => (_departments ?? []).Where(d => !_experience.Any(e => e.DepartmentId == d.Id));

    /// <summary>The other departments by the center they belong to (区直部门, then each township's 站所), in the order the query gave.</summary>
    private IEnumerable<IGrouping<string, DepartmentRow>> OthersByCenter => Others.GroupBy(GroupLabel);

    internal static string GroupLabel(DepartmentRow department) => department.CenterLevel == Domain.Organization.CenterLevel.County
        ? "区直部门"
        : $"{department.CenterName.Replace("综治中心", string.Empty, StringComparison.Ordinal)}站所";

    private IReadOnlyList<DepartmentDuty> Unattended =>
        _duty is null ? [] : [.. _picked.Select(_duty.For).OfType<DepartmentDuty>().Where(d => d.NobodyPresent)];

    private string NobodyPresentAction => _whenNobodyPresent is { } action
        ? $"，并按预警规则立即{Labels.Of(action)}"
        : string.Empty;

    /// <summary>Everything wrong with the form, all at once, in words a director can act on.</summary>
    internal IReadOnlyList<string> Problems
    {
        get
        {
            var problems = new List<string>();
            if (_picked.Count == 0)
            {
                problems.Add("请至少选择一个召集部门。");
            }

            foreach (var (limit, what) in new[] { (_ack, "报到时限"), (_onSite, "到场时限"), (_result, "反馈时限") })
            {
                if (limit.Amount is < 1 or > 999)
                {
                    problems.Add($"{what}请填写 1 到 999 之间的整数。");
                }
            }

            if ((_message?.Trim().Length ?? 0) > MessageLimit)
            {
                problems.Add($"吹哨说明最多 {MessageLimit} 字，现有 {_message!.Trim().Length} 字。");
            }

            return problems;
        }
    }

    private static string Describe(ResponsePolicy preset) =>
        $"报到 {Labels.Of(preset.AcknowledgeWithin)} · 到场 {Labels.Of(preset.OnSiteWithin)} · 反馈 {Labels.Of(preset.ResultWithin)}";

    private void Toggle(Guid id)
    {
        if (!_picked.Remove(id))
        {
            _picked.Add(id);
        }
    }

    private void UsePreset(ResponsePolicy preset)
    {
        _presetName = preset.Name;
        _ack.From(preset.AcknowledgeWithin);
        _onSite.From(preset.OnSiteWithin);
        _result.From(preset.ResultWithin);
    }

    private void Customized() =>
        _presetName = ResponsePolicy.Presets.FirstOrDefault(p =>
            p.AcknowledgeWithin == _ack.ToLimit() && p.OnSiteWithin == _onSite.ToLimit() && p.ResultWithin == _result.ToLimit())?.Name ?? "自定义";

    private void Cancel() => Dialog.Cancel();

    private async Task BlowAsync()
    {
        _tried = true;
        _error = null;
        if (Problems.Count > 0 || _busy)
        {
            return;
        }

        _busy = true;
        try
        {
            var policy = new ResponsePolicy(string.IsNullOrEmpty(_presetName) ? "自定义" : _presetName, _ack.ToLimit(), _onSite.ToLimit(), _result.ToLimit());
            var id = await Commands.BlowAsync(User, Case.Id, _picked, policy, _message);
            Dialog.Close(DialogResult.Ok(id));
        }
        catch (Exception ex) when (ex is DomainException or AccessDeniedException or ConcurrencyConflictException)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private sealed class EditableLimit
    {
        public int Amount { get; set; }

        public LimitUnit Unit { get; set; }

        public void From(ResponseLimit limit)
        {
            Amount = limit.Amount;
            Unit = limit.Unit;
        }

        public ResponseLimit ToLimit() => new(Amount, Unit);
    }
}
