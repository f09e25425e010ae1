using System.Security.Claims;
using Dispatch.Domain.Common;
using Dispatch.Infrastructure.Security;
using Dispatch.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Admin;

/// <summary>Administrators see every signed-in session and end any of them (强制下线).</summary>
public sealed partial class SessionsPage
{
    private IReadOnlyList<SessionRow>? _sessions;
    private ClaimsPrincipal? _user;
    private bool _busy;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    public required SignInSessions Sessions { get; init; }

    [Inject]
    public required ISnackbar Notices { get; init; }

    private string? CurrentSession => _user?.FindFirstValue(DispatchClaims.SessionId);

    protected override async Task OnInitializedAsync()
    {
        _user = (await AuthenticationState).User;
        await LoadAsync();
    }

    private async Task LoadAsync() => _sessions = await Sessions.ListActiveAsync(CancellationToken.None);

    private async Task EndAsync(SessionRow session)
    {
        _busy = true;
        try
        {
            // The page is for administrators, and the server checks again here, not only by hiding the button.
            if (_user?.IsInRole(Roles.Admin) != true)
            {
                throw new AccessDeniedException("只有系统管理员可以强制下线。");
            }

            var ended = await Sessions.EndAsync(session.Id, SessionEndReasons.ForcedOut, _user.FindFirstValue("dispatch:login"), CancellationToken.None);
            Notices.Add(ended ? $"已强制 {session.UserName} 下线。" : $"{session.UserName} 的会话已经结束。", ended ? Severity.Success : Severity.Info);
            await LoadAsync();
        }
        catch (AccessDeniedException ex)
        {
            Notices.Add(ex.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>The browser and system in a few words, from the user agent.</summary>
    internal static string Browser(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "—";
        }

        var browser = userAgent.Contains("Edg/", StringComparison.Ordinal) ? "Edge"
            : userAgent.Contains("Chrome/", StringComparison.Ordinal) ? "Chrome"
            : userAgent.Contains("Firefox/", StringComparison.Ordinal) ? "Firefox"
            : userAgent.Contains("Safari/", StringComparison.Ordinal) ? "Safari"
            : null;
        var system = userAgent.Contains("Android", StringComparison.Ordinal) ? "Android"
            : userAgent.Contains("iPhone", StringComparison.Ordinal) || userAgent.Contains("iPad", StringComparison.Ordinal) ? "iOS"
            : userAgent.Contains("Windows", StringComparison.Ordinal) ? "Windows"
            : userAgent.Contains("Mac OS", StringComparison.Ordinal) ? "macOS"
            : userAgent.Contains("Linux", StringComparison.Ordinal) ? "Linux"
            : null;
        return browser is null && system is null ? Guard.Quote(userAgent) : $"{browser ?? "浏览器"} · {system ?? "未知系统"}";
    }
}
