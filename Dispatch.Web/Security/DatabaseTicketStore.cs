using System.Security.Claims;
using Dispatch.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Dispatch.Web.Security;

/// <summary>
/// Keeps sign-in tickets in the database (<see cref="SignInSessions"/>); the cookie carries only
/// the row's key. The principal gets the key as a claim, so hub calls and circuits can ask
/// whether their session still stands.
/// </summary>
public sealed class DatabaseTicketStore(SignInSessions sessions) : ITicketStore
{
    private static readonly TicketSerializer Serializer = TicketSerializer.Default;

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken) => StoreAsync(ticket, null!, cancellationToken);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var key = SignInSessions.NewKey();
        if (ticket.Principal.Identity is ClaimsIdentity identity)
        {
            foreach (var old in identity.FindAll(DispatchClaims.SessionId).ToList())
            {
                identity.RemoveClaim(old);
            }

            identity.AddClaim(new Claim(DispatchClaims.SessionId, key));
        }

        var user = ticket.Principal;
        await sessions.StartAsync(new SignInSession
        {
            Id = key,
            AccountId = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty,
            UserName = user.FindFirstValue("dispatch:login") ?? user.Identity?.Name ?? string.Empty,
            Ticket = Serializer.Serialize(ticket),
            ExpiresAt = ticket.Properties.ExpiresUtc,
            IsDevice = user.IsInRole(Roles.WallDisplay),
            IpAddress = httpContext?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = httpContext?.Request.Headers.UserAgent.ToString(),
        }, cancellationToken);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        await sessions.RenewAsync(key, Serializer.Serialize(ticket), ticket.Properties.ExpiresUtc, cancellationToken);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        var session = await sessions.ActiveAsync(key, cancellationToken);
        return session is null || Serializer.Deserialize(session.Ticket) is not { } ticket ? null : Shared(ticket);
    }

    /// <summary>
    /// The ticket with its claims' strings shared between every request of the same accounts: a
    /// hub connection keeps its principal for its whole life, and 2,000 terminals signed in as a
    /// few dozen accounts otherwise held 2,000 copies of the same claim types and values.
    /// </summary>
    internal static AuthenticationTicket Shared(AuthenticationTicket ticket)
    {
        var identities = ticket.Principal.Identities.Select(identity => new ClaimsIdentity(
            identity.Claims.Select(c => new Claim(
                Strings.Share(c.Type),
                c.Type == DispatchClaims.SessionId ? c.Value : Strings.Share(c.Value),
                Strings.Share(c.ValueType),
                Strings.Share(c.Issuer),
                Strings.Share(c.OriginalIssuer))),
            Strings.Share(identity.AuthenticationType),
            Strings.Share(identity.NameClaimType),
            Strings.Share(identity.RoleClaimType)));
        return new AuthenticationTicket(new ClaimsPrincipal(identities), ticket.Properties, ticket.AuthenticationScheme);
    }

    /// <summary>A bounded pool of claim strings (types, ids, names, roles: a few per account; never a session's key).</summary>
    private static class Strings
    {
        private const int Capacity = 50_000;
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);

        [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
        public static string? Share(string? value) =>
            value is null ? null : Pool.TryGetValue(value, out var shared) ? shared : Pool.Count < Capacity ? Pool.GetOrAdd(value, value) : value;
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => sessions.EndAsync(key, SessionEndReasons.SignedOut, null, cancellationToken);
}

/// <summary>Why a session ended, as the administrators' page and the audit trail show it.</summary>
public static class SessionEndReasons
{
    public const string SignedOut = "退出登录";
    public const string PasswordChanged = "修改密码";
    public const string LockedOut = "账号锁定";
    public const string ForcedOut = "强制下线";
}
