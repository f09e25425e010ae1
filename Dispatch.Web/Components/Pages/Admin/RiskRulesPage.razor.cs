using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Risk;
using Dispatch.Infrastructure.Queries;
using Dispatch.Infrastructure.Reports;
using Dispatch.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Admin;

/// <summary>An administrator edits the risk early-warning rules (风险预警规则); the domain checks every value and says what to fix.</summary>
public sealed partial class RiskRulesPage
{
    private IReadOnlyList<RiskRule>? _rules;
    private RuleDraft? _editing;
    private IReadOnlyList<string> _problems = [];
    private bool _busy;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    public required RiskQueries Queries { get; init; }

    [Inject]
    public required RiskService Service { get; init; }

    [Inject]
    public required ISnackbar Notices { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    protected override async Task OnInitializedAsync() => _rules = await Queries.RulesAsync(CancellationToken.None);

    private void New()
    {
        _problems = [];
        _editing = new RuleDraft { Name = string.Empty, Kind = RiskRuleKind.Cluster, WindowDays = 7, MinCases = 3, RisePercent = 50, Enabled = true };
    }

    private void Edit(RiskRule rule)
    {
        _problems = [];
        _editing = new RuleDraft
        {
            Id = rule.Id,
            OriginalName = rule.Name,
            Name = rule.Name,
            Kind = rule.Kind,
            CategoryValue = rule.Category?.ToString() ?? string.Empty,
            WindowDays = rule.WindowDays,
            MinCases = rule.MinCases,
            RisePercent = rule.RisePercent ?? 50,
            Enabled = rule.Enabled,
        };
    }

    private void Cancel()
    {
        _editing = null;
        _problems = [];
    }

    /// <summary>The rule in words as it is being typed, or nothing while a value is still out of range.</summary>
    private string? Preview()
    {
        if (_editing is not { } draft)
        {
            return null;
        }

        try
        {
            return RiskRule.Create(Guid.Empty, string.IsNullOrWhiteSpace(draft.Name) ? "预览" : draft.Name, draft.Kind, draft.Category, draft.WindowDays, draft.MinCases, draft.RisePercent, draft.Enabled, Actor.System, Clock.GetUtcNow()).Describe();
        }
        catch (DomainException)
        {
            return null;
        }
    }

    private async Task SaveAsync()
    {
        if (_editing is not { } draft || _busy)
        {
            return;
        }

        _busy = true;
        try
        {
            var user = (await AuthenticationState).User.ToOperator();
            await Service.SaveRuleAsync(user, draft.Id, new RiskRuleDraft(draft.Name, draft.Kind, draft.Category, draft.WindowDays, draft.MinCases, draft.Kind == RiskRuleKind.Rise ? draft.RisePercent : null, draft.Enabled));
            Notices.Add($"已保存「{draft.Name.Trim()}」：下一次研判（30 分钟内）按新规则执行。", Severity.Success);
            Cancel();
            _rules = await Queries.RulesAsync(CancellationToken.None);
        }
        catch (DomainException ex)
        {
            _problems = ex.Problems;
        }
        catch (AccessDeniedException ex)
        {
            _problems = [ex.Message];
        }
        finally
        {
            _busy = false;
        }
    }

    private sealed class RuleDraft
    {
        public Guid? Id { get; init; }

        public string OriginalName { get; init; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public RiskRuleKind Kind { get; set; }

        /// <summary>The select's value: empty for every category.</summary>
        public string CategoryValue { get; set; } = string.Empty;

        public CaseCategory? Category => Enum.TryParse<CaseCategory>(CategoryValue, out var category) ? category : null;

        public int WindowDays { get; set; }

        public int MinCases { get; set; }

        public int RisePercent { get; set; }

        public bool Enabled { get; set; }
    }
}
