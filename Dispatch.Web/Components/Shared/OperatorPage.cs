using Dispatch.Domain.Common;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Dispatch.Web.Components.Shared;

/// <summary>
/// Base of the pages that act: a live page that runs a use case as the signed-in user and turns
/// a refused rule into a message the user can act on.
/// </summary>
public abstract class OperatorPage : LivePage
{
    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    public required ISnackbar Notices { get; init; }

    [Inject]
    public required Infrastructure.Security.AuditTrail Audit { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    protected Operator User { get; private set; } = default!;

    protected System.Security.Claims.ClaimsPrincipal Principal { get; private set; } = default!;

    /// <summary>Set while an action runs, so buttons can show it and refuse double clicks.</summary>
    protected bool Busy { get; private set; }

    protected override async Task InitializeAsync()
    {
        Principal = (await AuthenticationState).User;
        User = Principal.ToOperator();
    }

    /// <summary>Runs a use case; on success reloads, on a refused rule shows why. Returns whether it succeeded.</summary>
    protected async Task<bool> RunAsync(Func<Operator, Task> action, string success)
    {
        if (Busy)
        {
            return false;
        }

        Busy = true;
        try
        {
            await action(User);
            Notices.Add(success, Severity.Success);
            return true;
        }
        catch (Exception ex) when (ex is DomainException or AccessDeniedException or ConcurrencyConflictException)
        {
            if (ex is AccessDeniedException)
            {
                await Audit.RecordAsync(Audit.Entry(Infrastructure.Security.AuditKind.AccessDenied, Principal.Login(), "/" + Navigation.ToBaseRelativePath(Navigation.Uri), ex.Message), CancellationToken.None);
            }

            Notices.Add($"未能完成：{ex.Message}", Severity.Error, o => o.VisibleStateDuration = 8000);
            return false;
        }
        finally
        {
            Busy = false;
            await ReloadAsync();
        }
    }
}
