using Dispatch.Web.Realtime;
using Microsoft.AspNetCore.Components;

namespace Dispatch.Web.Components.Shared;

/// <summary>
/// Base of every live page: listens to the in-process notices and reloads, throttled so that a
/// burst of notices costs one reload; keeps a ticking clock for countdowns; re-reads presence
/// every 10 s (it changes without events); disposes everything with the page.
/// </summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    /// <summary>Presence changes without events (terminals expire), so pages that show it re-read it this often.</summary>
    private static readonly TimeSpan PresenceEvery = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _stop = new();
    private IDisposable? _subscription;
    private int _reloadPending;

    [Inject]
    public required LiveNotices Live { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    protected DateTimeOffset Now { get; private set; }

    protected CancellationToken Stopping => _stop.Token;

    /// <summary>The quiet time after a notice before the reload; notices within it join the same reload.</summary>
    protected virtual TimeSpan Throttle => TimeSpan.FromMilliseconds(250);

    protected override async Task OnInitializedAsync()
    {
        Now = Clock.GetUtcNow();
        await InitializeAsync();
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

    /// <summary>Runs once before the first load (reads the signed-in user, the wall file, …).</summary>
    protected virtual Task InitializeAsync() => Task.CompletedTask;

    protected abstract Task ReloadAsync();

    /// <summary>Whether this page cares about a notice; the default is every notice.</summary>
    protected virtual bool IsRelevant(DispatchNotice notice) => true;

    /// <summary>Re-reads the duty board, for pages that show one: every 10 s and on a duty change.</summary>
    protected virtual Task RefreshPresenceAsync() => Task.CompletedTask;

    /// <summary>Called once per relevant notice, before the throttled reload.</summary>
    protected virtual Task OnRelevantNoticeAsync(DispatchNotice notice) => Task.CompletedTask;

    /// <summary>Called every second on the circuit, before the page re-renders (rotations, periodic reloads).</summary>
    protected virtual Task OnTickAsync() => Task.CompletedTask;

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

                await InvokeAsync(async () =>
                {
                    await OnTickAsync();
                    StateHasChanged();
                });
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
