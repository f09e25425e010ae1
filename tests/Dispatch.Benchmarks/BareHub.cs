using System.Net;
using Dispatch.Web.Realtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// The hub benchmark's baseline: a bare SignalR hub at the same path, with the same JSON
/// protocol, taking each connection into the group its cookie names (<c>group=N</c>), and sending
/// the app's own notice record to the same number of groups. No sign-in, no session filter, no
/// database: what any SignalR server pays for the same fan-out.
/// </summary>
internal sealed class BareHubServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareHubServer(WebApplication app) => _app = app;

    public Uri Address => new(_app.Urls.First());

    public static async Task<BareHubServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSignalR();
        var app = builder.Build();
        app.UseWebSockets();
        app.MapHub<BareHub>("/hubs/dispatch");
        await app.StartAsync();
        return new BareHubServer(app);
    }

    /// <summary>One notice to <paramref name="groups"/> groups, as the app sends a whistle's: serialized once for all of them.</summary>
    public Task SendAsync(DispatchNotice notice, int groups) =>
        _app.Services.GetRequiredService<IHubContext<BareHub>>().Clients.Groups([.. Enumerable.Range(0, groups).Select(BareHub.Group)]).SendAsync("Notice", notice);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed class BareHub : Hub
{
    public static string Group(int index) => $"g:{index}";

    public override async Task OnConnectedAsync()
    {
        var cookie = Context.GetHttpContext()?.Request.Headers.Cookie.ToString() ?? string.Empty;
        var index = cookie.StartsWith("group=", StringComparison.Ordinal) ? int.Parse(cookie["group=".Length..], System.Globalization.CultureInfo.InvariantCulture) : 0;
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(index));
        await base.OnConnectedAsync();
    }
}
