using Dispatch.Domain.Common;
using Dispatch.Infrastructure.Presence;
using Dispatch.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace Dispatch.Web.Components.Pages.Duty;

/// <summary>
/// The duty picture for the center: who is present in each department right now, and the
/// roster (值班表) by day, edited in place. Editing is checked again on the server.
/// </summary>
public sealed partial class DutyPage : OperatorPage
{
    private DutyBoardView? _board;
    private IReadOnlyList<RosterDay>? _roster;
    private DateOnly _day;

    [Inject]
    public required PresenceBoard Presence { get; init; }

    [Inject]
    public required DutyCommands Duty { get; init; }

    private bool CanPlan => Permissions.CanPlanDuty(User.Role);

    protected override async Task OnInitializedAsync()
    {
        _day = Presence.Today;
        await base.OnInitializedAsync();
    }

    protected override async Task ReloadAsync()
    {
        _roster = await Presence.RosterAsync(_day, Stopping);
        await RefreshPresenceAsync();
    }

    protected override async Task RefreshPresenceAsync() => _board = await Presence.ReadAsync(cancellationToken: Stopping);

    private async Task ShowAsync(DateOnly day)
    {
        _day = day;
        _roster = await Presence.RosterAsync(_day, Stopping);
    }

    private Task PickDayAsync(ChangeEventArgs change) =>
        DateOnly.TryParse(change.Value?.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var day) ? ShowAsync(day) : Task.CompletedTask;

    private Task ToggleAsync(RosterDay department, Guid staffId)
    {
        var wanted = department.Scheduled.Contains(staffId)
            ? department.Scheduled.Where(id => id != staffId).ToList()
            : [.. department.Scheduled, staffId];
        return RunAsync(user => Duty.SetRosterAsync(user, department.DepartmentId, _day, wanted, Stopping), $"已更新{department.DepartmentName} {_day:M月d日}的值班");
    }

    private static string WeekDay(DateOnly day) => "星期" + "日一二三四五六"[(int)day.DayOfWeek];
}
