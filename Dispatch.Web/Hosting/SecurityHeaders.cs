namespace Dispatch.Web.Hosting;

/// <summary>
/// The headers every response carries. The content policy allows only this site's own scripts
/// (Blazor, MudBlazor, ours — no inline script anywhere), inline styles (MudBlazor sets style
/// attributes), the circuit's WebSocket to this host, and no framing by other sites. The two
/// third-party dashboards (Hangfire's jobs, the API reference) ship inline scripts of their own and
/// get a policy that allows them on their paths only.
/// </summary>
public static class SecurityHeaders
{
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    public const string DashboardPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, params string[] dashboardPaths) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                var dashboard = dashboardPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
                headers.ContentSecurityPolicy = dashboard ? DashboardPolicy : Policy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                headers.XFrameOptions = "SAMEORIGIN";
                // The grid worker's phone page reads the position (and a capture input may open the
                // camera); it is one Blazor document with the rest, so the app itself may use both.
                headers["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=(self), payment=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
