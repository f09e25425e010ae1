using System.Collections.Concurrent;
using System.Security.Claims;
using Dispatch.Infrastructure.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.SignalR;

namespace Dispatch.Web.Security;

/// <summary>
/// An open page (a Blazor circuit) checks every few seconds that its session still stands; once it
/// has ended the page loses its sign-in and goes to the sign-in page.
/// </summary>
public sealed class SessionRevalidator(ILoggerFactory loggerFactory, SignInSessions sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(5);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        return authenticationState.User.FindFirstValue(DispatchClaims.SessionId) is not { } key
            || await sessions.IsActiveAsync(key, cancellationToken);
    }
}

/// <summary>
/// Hub connections of an ended session close: at once on the node that ended it, and on any node
/// at the connection's next call (which is refused).
/// </summary>
public sealed class SessionHubFilter(SignInSessions sessions) : IHubFilter, IDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, HubCallerContext>> _bySession = new(StringComparer.Ordinal);
    private bool _listening;

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        if (SessionOf(invocationContext.Context) is { } key && !await sessions.IsActiveAsync(key, invocationContext.Context.ConnectionAborted))
        {
            invocationContext.Context.Abort();
            throw new HubException("登录已结束，请重新登录。");
        }

        return await next(invocationContext);
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        Listen();
        if (SessionOf(context.Context) is { } key)
        {
            if (!await sessions.IsActiveAsync(key, context.Context.ConnectionAborted))
            {
                context.Context.Abort();
                return;
            }

            _bySession.GetOrAdd(key, _ => new ConcurrentDictionary<string, HubCallerContext>(StringComparer.Ordinal))[context.Context.ConnectionId] = context.Context;
        }

        await next(context);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (SessionOf(context.Context) is { } key && _bySession.TryGetValue(key, out var connections))
        {
            connections.TryRemove(context.Context.ConnectionId, out _);
        }

        return next(context, exception);
    }

    public void Dispose()
    {
        if (_listening)
        {
            sessions.Ended -= OnEnded;
        }
    }

    private void Listen()
    {
        if (!_listening)
        {
            lock (_bySession)
            {
                if (!_listening)
                {
                    sessions.Ended += OnEnded;
                    _listening = true;
                }
            }
        }
    }

    private void OnEnded(IReadOnlyList<string> keys)
    {
        foreach (var key in keys)
        {
            if (_bySession.TryRemove(key, out var connections))
            {
                foreach (var connection in connections.Values)
                {
                    connection.Abort();
                }
            }
        }
    }

    private static string? SessionOf(HubCallerContext context) => context.User?.FindFirstValue(DispatchClaims.SessionId);
}
