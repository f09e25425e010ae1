using Dispatch.Domain.Cases;
using Dispatch.Infrastructure.Queries;
using Microsoft.AspNetCore.Components;

namespace Dispatch.Web.Components.Pages.Cases;

/// <summary>The case page's next-step actions (route, reject, assess, handle, blow, mediate, result), each shown only at its stage.</summary>
public partial class CaseActions
{
    [Parameter, EditorRequired] public Case Case { get; set; } = default!;
    [Parameter, EditorRequired] public IReadOnlyList<CenterRow> Centers { get; set; } = [];
    [Parameter, EditorRequired] public IReadOnlyList<DepartmentRow> Departments { get; set; } = [];
    [Parameter] public bool Busy { get; set; }
    [Parameter] public WhistleRow? RunningWhistle { get; set; }
    [Parameter] public EventCallback<(Guid, Guid?)> OnRoute { get; set; }
    [Parameter] public EventCallback<string> OnReject { get; set; }
    [Parameter] public EventCallback<(RiskLevel, string?)> OnAssess { get; set; }
    [Parameter] public EventCallback<(Guid?, int, string?)> OnHandle { get; set; }
    [Parameter] public EventCallback OnBlow { get; set; }

    /// <summary>吹哨 is for a center's directors and dispatchers (a village's mediators raise the case instead).</summary>
    [Parameter] public bool CanBlow { get; set; } = true;
    [Parameter] public EventCallback<(bool, string)> OnMediation { get; set; }
    [Parameter] public EventCallback<string> OnResult { get; set; }
    [Parameter] public EventCallback<(Satisfaction, string?, int?)> OnFollowUp { get; set; }
    [Parameter] public EventCallback<string> OnClose { get; set; }

    private Guid _centerId;
    private Guid? _departmentId;
    private RiskLevel _risk = RiskLevel.Medium;
    private Satisfaction _satisfaction = Satisfaction.Satisfied;
    private int _days = 5;
    private string? _note;
    private string? _text;
    private CaseStatus? _seen;

    protected override void OnParametersSet()
    {
        if (_seen == Case.Status)
        {
            return;
        }

        // A new stage starts with empty fields.
        _seen = Case.Status;
        _centerId = Case.CenterId;
        _departmentId = null;
        _note = null;
        _text = null;
        _days = Case.Status == CaseStatus.FollowUp ? 3 : 5;
    }

    private Task Route() => OnRoute.InvokeAsync((_centerId, _departmentId));

    private Task Reject() => OnReject.InvokeAsync(_text ?? string.Empty);

    private Task Assess() => OnAssess.InvokeAsync((_risk, _note));

    private Task Handle() => OnHandle.InvokeAsync((_departmentId, _days, _note));

    private Task Mediate(bool resolved) => OnMediation.InvokeAsync((resolved, _note ?? string.Empty));

    private Task Result() => OnResult.InvokeAsync(_text ?? string.Empty);

    private Task FollowUp() => OnFollowUp.InvokeAsync((_satisfaction, _note, _satisfaction == Satisfaction.Dissatisfied ? _days : null));

    private Task Close() => OnClose.InvokeAsync(_text ?? string.Empty);
}
