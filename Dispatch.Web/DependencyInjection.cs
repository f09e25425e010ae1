using System.Globalization;
using Dispatch.Web.Components;
using Dispatch.Web.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Radzen;

namespace Dispatch.Web;

public static class DependencyInjection
{
    public static IServiceCollection AddDispatchWeb(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddRadzenComponents();
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/account/login";
                options.LogoutPath = "/account/logout";
                options.AccessDeniedPath = "/account/denied";
                options.Cookie.Name = "dispatch.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Command, p => p.RequireRole(Roles.Director, Roles.Dispatcher, Roles.Leader, Roles.Admin))
            .AddPolicy(Policies.Terminal, p => p.RequireRole(Roles.DepartmentStaff))
            .AddPolicy(Policies.Wall, p => p.RequireRole(Roles.WallDisplay, Roles.Director, Roles.Dispatcher, Roles.Leader, Roles.Admin))
            .AddPolicy(Policies.Cases, p => p.RequireRole(Roles.Director, Roles.Dispatcher, Roles.Leader, Roles.Admin));
        services.AddSingleton<StaffSignIn>();
        return services;
    }

    public static WebApplication UseDispatchWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var chinese = new CultureInfo("zh-CN");
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(chinese),
            SupportedCultures = [chinese],
            SupportedUICultures = [chinese],
        });
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapAccountEndpoints();
        app.MapHealthChecks("/health", HealthReport.Options);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
