using Dispatch.Domain.Common;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Web.Realtime;
using Dispatch.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Radzen;

namespace Dispatch.Web.Components.Shared;

/// <summary>
/// Base of the pages that act: runs a use case as the signed-in user and turns a refused rule
/// into a message the user can act on; keeps a ticking clock for countdowns; listens to the
/// live notices, throttled, and disposes everything with the page.
/// </summary>
public abstract class OperatorPage : ComponentBase, IDisposable
{
    private static readonly TimeSpan Throttle = TimeSpan.FromMilliseconds(250);

    /// <summary>Presence changes without events (terminals expire), so pages that show it re-read it this often.</summary>
    private static readonly TimeSpan PresenceEvery = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _stop = new();
    private IDisposable? _subscription;
    private int _reloadPending;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    public required NotificationService Notifications { get; init; }

    [Inject]
    public required LiveNotices Live { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    protected Operator User { get; private set; } = default!;

    protected System.Security.Claims.ClaimsPrincipal Principal { get; private set; } = default!;

    protected DateTimeOffset Now { get; private set; }

    protected CancellationToken Stopping => _stop.Token;

    /// <summary>Set while an action runs, so buttons can show it and refuse double clicks.</summary>
    protected bool Busy { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        Principal = (await AuthenticationState).User;
        User = Principal.ToOperator();
        Now = Clock.GetUtcNow();
        await ReloadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            _subscription = Live.Subscribe(OnNoticeAsync);
            _ = TickAsync();
        }
    }

    protected abstract Task ReloadAsync();

    /// <summary>Whether this page cares about a notice; the default is every notice.</summary>
    protected virtual bool IsRelevant(DispatchNotice notice) => true;

    /// <summary>Re-reads the duty board, for pages that show one: every 10 s and on a duty change.</summary>
    protected virtual Task RefreshPresenceAsync() => Task.CompletedTask;

    /// <summary>Called once per relevant notice, before the throttled reload.</summary>
    protected virtual Task OnRelevantNoticeAsync(DispatchNotice notice) => Task.CompletedTask;

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
            Notifications.Notify(new NotificationMessage { Severity = NotificationSeverity.Success, Summary = success, Duration = 3000 });
            return true;
        }
        catch (Exception ex) when (ex is DomainException or AccessDeniedException or ConcurrencyConflictException)
        {
            Notifications.Notify(new NotificationMessage { Severity = NotificationSeverity.Error, Summary = "未能完成", Detail = ex.Message, Duration = 8000 });
            return false;
        }
        finally
        {
            Busy = false;
            await ReloadAsync();
        }
    }

    private async Task OnNoticeAsync(DispatchNotice notice)
    {
        if (notice.Kind is NoticeKind.DutyChanged or NoticeKind.Resync)
        {
            await InvokeAsync(async () =>
            {
                await RefreshPresenceAsync();
                StateHasChanged();
            });
        }

        // After an outage of the cross-node link every page refetches; otherwise only for its own notices.
        if (notice.Kind != NoticeKind.Resync)
        {
            if (!IsRelevant(notice))
            {
                return;
            }

            await InvokeAsync(() => OnRelevantNoticeAsync(notice));
        }

        if (Interlocked.Exchange(ref _reloadPending, 1) == 1)
        {
            return;
        }

        // A burst of notices costs one reload.
        await Task.Delay(Throttle, Stopping);
        Interlocked.Exchange(ref _reloadPending, 0);
        await InvokeAsync(async () =>
        {
            await ReloadAsync();
            StateHasChanged();
        });
    }

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), Clock);
        try
        {
            var presenceReadAt = Clock.GetUtcNow();
            while (await timer.WaitForNextTickAsync(Stopping))
            {
                Now = Clock.GetUtcNow();
                if (Now - presenceReadAt >= PresenceEvery)
                {
                    presenceReadAt = Now;
                    await InvokeAsync(RefreshPresenceAsync);
                }

                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _subscription?.Dispose();
            _stop.Cancel();
            _stop.Dispose();
        }
    }
}
