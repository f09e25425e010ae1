using Dispatch.Domain.Cases;
using Dispatch.Domain.Organization;
using Dispatch.Infrastructure.Queries;
using Dispatch.Infrastructure.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dispatch.Web.Security;

/// <summary>
/// What the signed-in user may read, for the pages: the cases of their own center and the
/// centers below it (<see cref="CenterScope"/>). A case outside it reads as not found, so a
/// page never shows — or confirms — a sibling's or a parent's case. The use cases check the
/// same scope again on every write.
/// </summary>
public sealed class UserScope(AuthenticationStateProvider authentication, CenterScopes scopes, DispatchQueries queries)
{
    private CenterScope? _scope;
    private bool _loaded;

    public async Task<CenterScope?> ScopeAsync(CancellationToken cancellationToken)
    {
        if (!_loaded)
        {
            var user = (await authentication.GetAuthenticationStateAsync()).User.ToOperator();
            _scope = await scopes.OfAsync(user, cancellationToken);
            _loaded = true;
        }

        return _scope;
    }

    /// <summary>The scope of the user behind a request (for endpoints, which have no component authentication state).</summary>
    public static Task<CenterScope?> OfAsync(System.Security.Claims.ClaimsPrincipal user, CenterScopes scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        return scopes.OfAsync(user.ToOperator(), cancellationToken);
    }

    /// <summary>Whether a center is within reach of the scope (null: everything).</summary>
    public static bool Reaches(CenterScope? scope, Guid centerId) => scope is null || scope.Covers(centerId);

    /// <summary>The centers a case list is limited to; null for the county (everything).</summary>
    public async Task<IReadOnlyCollection<Guid>?> CentersAsync(CancellationToken cancellationToken) =>
        await ScopeAsync(cancellationToken) is { IsCounty: false } scope ? [.. scope.Centers] : null;

    /// <summary>
    /// The case, or null when there is none or it is outside the user's centers. A case the
    /// user's centers handed up is returned too, to follow read-only (<see cref="HandedUp"/>).
    /// </summary>
    public async Task<Case?> CaseAsync(Guid id, CancellationToken cancellationToken)
    {
        var @case = await queries.CaseAsync(id, cancellationToken);
        if (@case is null)
        {
            return null;
        }

        var scope = await ScopeAsync(cancellationToken);
        return Reaches(scope, @case.CenterId) || (scope is not null && @case.WasRaisedOutOf(scope.Covers)) ? @case : null;
    }

    /// <summary>Whether the user's centers handed the case up (「已上交」): they follow it but can no longer act on it.</summary>
    public async Task<bool> HandedUpAsync(Case @case, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return await ScopeAsync(cancellationToken) is { } scope && @case.WasRaisedOutOf(scope.Covers);
    }
}
