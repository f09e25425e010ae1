using Hangfire;
using Hangfire.Dashboard;

namespace Dispatch.Web.Security;

/// <summary>
/// The Hangfire dashboard at <c>/admin/jobs</c>, for administrators only: the endpoint asks for a
/// signed-in user (anonymous → the sign-in page) and the dashboard's own filter for the role
/// (anyone else → 403, on every page and every action the dashboard offers).
/// </summary>
internal static class JobsDashboard
{
    public const string Path = "/admin/jobs";

    public static void MapJobsDashboard(this WebApplication app)
    {
        if (app.Services.GetService<JobStorage>() is not { } storage)
        {
            // Jobs:Enabled is off (tests and commands that run no jobs): nothing to show.
            return;
        }

        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [new AdministratorsOnly()],
            AsyncAuthorization = [],
            AppPath = "/",
            DashboardTitle = "Dispatch 定时任务",
            DisplayStorageConnectionString = false,
            DarkModeEnabled = false,
        }, storage).RequireAuthorization();
    }

    private sealed class AdministratorsOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            context.GetHttpContext().User is { Identity.IsAuthenticated: true } user && user.IsInRole(Roles.Admin);
    }
}
