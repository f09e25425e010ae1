using System.Security.Claims;
using Dispatch.Infrastructure.Presence;
using Dispatch.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Dispatch.Web.Realtime;

/// <summary>
/// Makes a department user's open Blazor page a live terminal for presence: it counts while
/// the circuit is connected, stops beating when the connection drops (so it expires) and
/// leaves when the circuit closes.
/// </summary>
public sealed class PresenceCircuitHandler(AuthenticationStateProvider authentication, PresenceTracker tracker) : CircuitHandler
{
    private string? _key;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (Terminal(user) is { } who)
        {
            _key = $"circuit:{circuit.Id}";
            await tracker.OpenAsync(_key, who.StaffId, who.DepartmentId, cancellationToken);
        }
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken) =>
        _key is null ? Task.CompletedTask : tracker.SetConnectedAsync(_key, true, cancellationToken);

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken) =>
        _key is null ? Task.CompletedTask : tracker.SetConnectedAsync(_key, false, cancellationToken);

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken) =>
        _key is null ? Task.CompletedTask : tracker.CloseAsync(_key, cancellationToken);

    /// <summary>The staff and department of a signed-in department user, or null for anyone else.</summary>
    public static (Guid StaffId, Guid DepartmentId)? Terminal(ClaimsPrincipal user) =>
        user.IsInRole(Roles.DepartmentStaff)
        && user.DepartmentId() is { } departmentId
        && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var staffId)
            ? (staffId, departmentId)
            : null;
}
