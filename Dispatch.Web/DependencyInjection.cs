using System.Globalization;
using Dispatch.Web.Api;
using Dispatch.Web.Components;
using Dispatch.Web.Realtime;
using Dispatch.Web.Reports;
using Dispatch.Web.Security;
using Dispatch.Web.Walls;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Security;
using Microsoft.AspNetCore.Localization;
using Dispatch.Web.Components.Ui;
using Dispatch.Web.Hosting;
using MudBlazor;
using MudBlazor.Services;

namespace Dispatch.Web;

public static class DependencyInjection
{
    public static IServiceCollection AddDispatchWeb(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = WebSettings.Bind(services, configuration);

        // The key ring lives in the database: it outlives restarts (the wall's year-long sign-in
        // stays valid) and every node reads the same ring without a shared folder. Redis was the
        // other choice; it is optional and may run without persistence, and losing the ring
        // would sign everybody out.
        services.AddDataProtection().SetApplicationName("Dispatch").PersistKeysToDbContext<DispatchDbContext>();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(options =>
        {
            // Notices sit at the bottom left, away from the primary actions (报到, 吹哨) and the alarms.
            options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomLeft;
            options.SnackbarConfiguration.PreventDuplicates = true;
            options.SnackbarConfiguration.MaxDisplayedSnackbars = 3;
            options.SnackbarConfiguration.ShowCloseIcon = true;
            options.SnackbarConfiguration.VisibleStateDuration = 4000;
        });
        services.AddTransient<MudLocalizer, ChineseLocalizer>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SessionRevalidator>();
        services.AddSingleton<DatabaseTicketStore>();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<DatabaseTicketStore>((options, store) => options.SessionStore = store);
        services.AddSingleton<SessionHubFilter>();
        services.AddProblemDetails();
        services.AddExceptionHandler<Hosting.ErrorReference>();
        services.AddHttpContextAccessor();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/signout";
            options.AccessDeniedPath = "/account/denied";
            options.Cookie.Name = "dispatch.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = true;

            // A session ends on the server (DatabaseTicketStore: sign-out, password change,
            // lockout, an admin ending it), so Identity's security-stamp check is not needed. It
            // built a SignInManager, a UserManager and a DbContext on every request, and a hub
            // connection's request lives as long as the connection: the hub benchmark's heap dump
            // held 2,000 of each for 2,000 terminals.
            options.Events.OnValidatePrincipal = _ => Task.CompletedTask;

            // Hub and API callers get status codes, not a redirect to the sign-in page.
            options.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden);
        });
        services.AddIdentityCore<StaffAccount>(options =>
            {
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Password.RequiredLength = 8;
                options.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<DispatchDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<StaffClaimsFactory>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Command, p => p.RequireRole(Roles.Director, Roles.Dispatcher, Roles.Leader, Roles.Admin))
            .AddPolicy(Policies.Terminal, p => p.RequireRole(Roles.DepartmentStaff))
            .AddPolicy(Policies.Wall, p => p.RequireRole(Roles.WallDisplay, Roles.Director, Roles.Dispatcher, Roles.Leader, Roles.Admin))
            .AddPolicy(Policies.Cases, p => p.RequireRole(Roles.Director, Roles.Dispatcher, Roles.Leader, Roles.Admin, Roles.Mediator))
            .AddPolicy(Policies.Field, p => p.RequireRole(Roles.GridWorker))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Bulletins, p => p
                .RequireRole(Roles.Director, Roles.Dispatcher, Roles.Leader, Roles.Admin, Roles.DepartmentStaff)
                .RequireClaim(DispatchClaims.CenterLevel, nameof(Domain.Organization.CenterLevel.County)));
        var signalR = services.AddSignalR(options => Microsoft.AspNetCore.SignalR.HubOptionsExtensions.AddFilter<SessionHubFilter>(options));
        if (Infrastructure.InfrastructureSettings.Of(services).Redis is { Enabled: true } redis)
        {
            // Hub sends reach hub clients on every node, over the node's one Redis connection.
            signalR.AddStackExchangeRedis(options => options.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal(redis.Key("hub")));
            services.AddOptions<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions>()
                .Configure<StackExchange.Redis.IConnectionMultiplexer>((options, multiplexer) => options.ConnectionFactory = _ => Task.FromResult(multiplexer));
        }

        services.AddSingleton<LiveNotices>();
        services.AddSingleton<HubNotifier>();
        services.AddSingleton<NoticeAudience>();
        services.AddSingleton(new WallCatalog(WallCatalog.Locate(settings.Wall.ConfigPath, contentRoot)));
        services.AddSingleton<WallDataLoader>();
        services.AddSingleton<Reports.ReportCache>();
        services.AddHostedService<WallConfigCheck>();
        services.AddSingleton<INoticeFanOut>(sp => sp.GetService<StackExchange.Redis.IConnectionMultiplexer>() is { } redis
            ? new RedisNoticeFanOut(redis, sp.GetRequiredService<Infrastructure.ScaleOut.RedisSettings>(), sp.GetRequiredService<ILogger<RedisNoticeFanOut>>())
            : new SingleNodeFanOut());
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, PresenceCircuitHandler>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, AuditOriginCircuitHandler>();
        services.AddHostedService<NoticeRelay>();
        services.AddHostedService<HubWarmUp>();
        services.AddSingleton<Api.ApiClients>();
        services.AddScoped<UserScope>();
        services.AddOpenApi("v1", ApiDocumentation.Configure);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(Components.Pages.Track.TrackPage.RateLimitPolicy, context => System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.Track.PermitsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.ContentType = "text/html; charset=utf-8";
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.Response.WriteAsync(
                    $"<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>查询过于频繁</title><body style=\"font-family:sans-serif;padding:2rem\"><h1>查询过于频繁</h1><p>同一网络一分钟内最多查询 {settings.Track.PermitsPerMinute} 次，请一分钟后再试。如需帮助，请拨打 0936-8212345。</p></body></html>",
                    cancellationToken);
            };
        });
        return services;
    }

    private static async Task Refuse(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (status == StatusCodes.Status403Forbidden)
        {
            // A signed-in user asked for something their role may not: recorded for the administrators.
            var audit = context.HttpContext.RequestServices.GetRequiredService<Infrastructure.Security.AuditTrail>();
            await audit.RecordAsync(audit.Entry(Infrastructure.Security.AuditKind.AccessDenied, context.HttpContext.User.Login(), $"{context.Request.Method} {context.Request.Path}", "无权访问该页面或接口。"), context.HttpContext.RequestAborted);
        }

        if (context.Request.Path.StartsWithSegments("/hubs") || context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            var pages = context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>();
            if (pages is not null)
            {
                // The "not found" page is for people; a client wants the bare status.
                pages.Enabled = false;
            }
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
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
            // ErrorReference logs every error once, with the number the person sees.
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error",
                CreateScopeForErrors = true,
                SuppressDiagnosticsCallback = _ => true,
            });
        }

        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HostingOptions>>().Value.Https)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseSecurityHeaders(JobsDashboard.Path, "/api/docs");
        app.UseAuditOrigin();

        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapAccountEndpoints();
        app.MapHealthChecks("/health", HealthReport.Options);
        app.MapHub<DispatchHub>(DispatchHub.Path);
        app.MapOpenApi("/api/{documentName}/openapi.json");
        app.MapApiReference();
        app.MapCaseApi();
        app.MapOpen311();
        app.MapCaseFiles();
        app.MapReportDownloads();
        app.MapJobsDashboard();
        app.MapAuditExport();
        Messaging.SmsEndpoints.MapSmsEndpoints(app);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
