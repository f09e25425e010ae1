using Dispatch.Domain.Common;
using Dispatch.Infrastructure.Presence;
using Dispatch.Infrastructure.Whistles;
using Dispatch.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Dispatch.Web.Realtime;

/// <summary>
/// <c>/hubs/dispatch</c>, for terminals and integrations that are not Blazor pages (protocol:
/// HubProtocol.md). The server chooses the groups from the caller's claims: a department user
/// hears only their own department, the command staff and the wall hear what concerns their
/// center and the centers below it (三级综治中心), and the wall can only listen. The answering methods run the same use cases, with the same checks,
/// as the terminal page.
/// </summary>
[Authorize]
public sealed class DispatchHub(WhistleCommands commands, DutyCommands duty, PresenceTracker presence, Infrastructure.Security.AuditTrail audit, ILogger<DispatchHub> logger) : Hub<IDispatchClient>
{
    public const string Path = "/hubs/dispatch";

    public static string DepartmentGroup(Guid departmentId) => $"department:{departmentId:N}";

    /// <summary>The command staff of a center: they hear its notices and those of the centers below it.</summary>
    public static string CommandGroup(Guid centerId) => $"command:{centerId:N}";

    /// <summary>The walls of a center (listen only).</summary>
    public static string WallGroup(Guid centerId) => $"wall:{centerId:N}";

    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        if (PresenceCircuitHandler.Terminal(user) is { } terminal)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, DepartmentGroup(terminal.DepartmentId));

            // A hub client of department staff is a terminal too: present while connected and on duty.
            await presence.OpenAsync(PresenceKey, terminal.StaffId, terminal.DepartmentId, Context.ConnectionAborted);
        }
        else if (user.CenterId() is not { } centerId)
        {
            // Every account has a center; a principal without one hears nothing.
            logger.LogWarning("{User} connected to the hub without a center claim", user.Identity?.Name);
        }
        else if (user.IsInRole(Roles.WallDisplay))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, WallGroup(centerId));
        }
        else if (user.IsInRole(Roles.GridWorker))
        {
            // A grid worker's phone page polls its own reports; the hub has nothing for it.
        }
        else
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, CommandGroup(centerId));
        }

        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await presence.CloseAsync(PresenceKey);
        await base.OnDisconnectedAsync(exception);
    }

    private string PresenceKey => $"hub:{Context.ConnectionId}";

    /// <summary>Explicit subscription for clients that ask; only the caller's own department is allowed.</summary>
    public async Task JoinDepartment(Guid departmentId)
    {
        if (Context.User!.DepartmentId() != departmentId)
        {
            logger.LogWarning("{User} tried to join department {Department}", Context.User!.Identity?.Name, departmentId);
            await audit.RecordAsync(audit.Entry(Infrastructure.Security.AuditKind.AccessDenied, Context.User.Login(), $"JoinDepartment {departmentId}", "订阅其他部门的消息被拒绝。"), Context.ConnectionAborted);
            throw new HubException("无权订阅其他部门的消息。");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, DepartmentGroup(departmentId));
    }

    [Authorize(Policy = Policies.Terminal)]
    public Task Acknowledge(Guid summonsId) => Run(user => commands.AcknowledgeAsync(user, summonsId, Context.ConnectionAborted));

    [Authorize(Policy = Policies.Terminal)]
    public Task MarkOnSite(Guid summonsId) => Run(user => commands.MarkOnSiteAsync(user, summonsId, Context.ConnectionAborted));

    [Authorize(Policy = Policies.Terminal)]
    public Task Report(Guid summonsId, string report) => Run(user => commands.ReportAsync(user, summonsId, report, Context.ConnectionAborted));

    [Authorize(Policy = Policies.Terminal)]
    public Task Decline(Guid summonsId, string reason) => Run(user => commands.DeclineAsync(user, summonsId, reason, Context.ConnectionAborted));

    /// <summary>上岗: the caller goes on duty (department staff only).</summary>
    [Authorize(Policy = Policies.Terminal)]
    public Task GoOnDuty() => Run(user => duty.GoOnDutyAsync(user, Context.ConnectionAborted));

    /// <summary>离岗: the caller goes off duty.</summary>
    [Authorize(Policy = Policies.Terminal)]
    public Task GoOffDuty() => Run(user => duty.GoOffDutyAsync(user, Context.ConnectionAborted));

    private async Task Run(Func<Operator, Task> action)
    {
        try
        {
            await action(Context.User!.ToOperator());
        }
        catch (Exception ex) when (ex is DomainException or AccessDeniedException or Infrastructure.Persistence.ConcurrencyConflictException)
        {
            if (ex is AccessDeniedException)
            {
                await audit.RecordAsync(audit.Entry(Infrastructure.Security.AuditKind.AccessDenied, Context.User!.Login(), $"hub {Context.GetHttpContext()?.Request.Path}", ex.Message), CancellationToken.None);
            }

            // The message is written for people; SignalR passes a HubException's message to the caller.
            throw new HubException(ex.Message);
        }
    }
}

/// <summary>Sends notices to the hub groups that may see them.</summary>
public sealed class HubNotifier(IHubContext<DispatchHub, IDispatchClient> hub)
{
    public async Task SendAsync(DispatchNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.Kind == NoticeKind.Resync)
        {
            // Everyone may have missed something: every connection refetches what it shows.
            await hub.Clients.All.Notice(notice);
            return;
        }

        // One send to every group that may see it: the message is serialized once for all.
        List<string> groups = [.. notice.CenterIds.Select(DispatchHub.CommandGroup), .. notice.CenterIds.Select(DispatchHub.WallGroup), .. notice.DepartmentIds.Select(DispatchHub.DepartmentGroup)];
        if (groups.Count == 0)
        {
            return;
        }

        await hub.Clients.Groups(groups).Notice(notice);
    }
}
