using Dispatch.Domain.Risk;
using Dispatch.Infrastructure.Queries;
using Microsoft.AspNetCore.Components;

namespace Dispatch.Web.Components.Pages.Console;

/// <summary>The console's risk warnings: clusters the rules found, with 发警示函 and 不发 for those who run cases.</summary>
public partial class RiskPanel
{
    [Inject]
    public required RiskQueries Risks { get; init; }

    private enum Mode
    {
        Cases,
        Letter,
        Dismiss,
    }

    private const int Shown = 5;

    private bool _all;
    private Guid? _open;
    private Guid? _suggested;
    private Mode _mode;
    private string? _departmentId;
    private string _body = string.Empty;
    private string _reason = string.Empty;

    [Parameter, EditorRequired]
    public IReadOnlyList<RiskWarningView> Warnings { get; set; } = [];

    [Parameter]
    public IReadOnlyList<RiskWarning> Settled { get; set; } = [];

    [Parameter, EditorRequired]
    public IReadOnlyList<DepartmentRow> Departments { get; set; } = [];

    /// <summary>The center's name as the letter names its sender.</summary>
    [Parameter]
    public string CenterName { get; set; } = "县综治中心";

    [Parameter]
    public bool Busy { get; set; }

    /// <summary>Whether the viewer may issue or dismiss (the center's staff); leaders only read the warnings.</summary>
    [Parameter]
    public bool CanAct { get; set; }

    /// <summary>The page's clock, for 超期未反馈.</summary>
    [Parameter]
    public DateTimeOffset Now { get; set; }

    /// <summary>Returns whether the letter went out (the editor then closes).</summary>
    [Parameter, EditorRequired]
    public Func<(Guid WarningId, Guid DepartmentId, string Body), Task<bool>> Issue { get; set; } = default!;

    [Parameter, EditorRequired]
    public Func<(Guid WarningId, string Reason), Task<bool>> Dismiss { get; set; } = default!;

    private bool IsOpen(Guid id, Mode mode) => _open == id && _mode == mode;

    private void Toggle(Guid id, Mode mode)
    {
        if (IsOpen(id, mode))
        {
            Cancel();
            return;
        }

        _open = id;
        _mode = mode;
        _reason = string.Empty;
    }

    private async Task StartLetterAsync(RiskWarningView view)
    {
        _suggested = await Risks.SuggestDepartmentAsync(view.Warning, CancellationToken.None);
        _open = view.Warning.Id;
        _mode = Mode.Letter;
        _departmentId = _suggested?.ToString();
        _body = Draft(view, _suggested);
    }

    /// <summary>A new addressee re-drafts the letter unless the director already changed the wording.</summary>
    private void ChangeDepartment(RiskWarningView view, string? value)
    {
        var before = Guid.TryParse(_departmentId, out var old) ? old : (Guid?)null;
        var untouched = _body == Draft(view, before);
        _departmentId = value;
        if (untouched)
        {
            _body = Draft(view, Guid.TryParse(value, out var id) ? id : null);
        }
    }

    private string Draft(RiskWarningView view, Guid? departmentId) =>
        view.Warning.DraftLetter(Departments.FirstOrDefault(d => d.Id == departmentId)?.Name ?? "（责任部门）", CenterName);

    private async Task SendAsync(Guid warningId)
    {
        if (await Issue((warningId, Guid.TryParse(_departmentId, out var id) ? id : Guid.Empty, _body)))
        {
            Cancel();
        }
    }

    private async Task DismissAsync(Guid warningId)
    {
        if (await Dismiss((warningId, _reason)))
        {
            Cancel();
        }
    }

    private void Cancel()
    {
        _open = null;
        _departmentId = null;
        _body = string.Empty;
        _reason = string.Empty;
    }
}
