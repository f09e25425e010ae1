using Dispatch.Infrastructure.Security;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Dispatch.Web.Security;

/// <summary>
/// Tells the audit trail where each action comes from: the caller's address for every HTTP
/// request and hub call, and for every event of an open page (a circuit) the address it was
/// opened from.
/// </summary>
public static class AuditOrigin
{
    public static IApplicationBuilder UseAuditOrigin(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            AuditTrail.Origin = context.Connection.RemoteIpAddress?.ToString();
            return next(context);
        });
}

/// <summary>Carries the page's address into each of its events (clicks, form submits) for the audit trail.</summary>
public sealed class AuditOriginCircuitHandler(IHttpContextAccessor http) : CircuitHandler
{
    private readonly string? _address = http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context =>
        {
            AuditTrail.Origin = _address;
            return next(context);
        };
}
