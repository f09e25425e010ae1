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
    private int _dirty;
    private int _reloading;

    [Inject]
    public required LiveNotices Live { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    [Inject]
    public required ILoggerFactory LoggerFactory { get; init; }

    protected DateTimeOffset Now { get; private set; }

    protected CancellationToken Stopping => _stop.Token;

    /// <summary>At most one reload per this much time: the first notice reloads at once, notices during the wait join one more reload after it.</summary>
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

            // A notice sent between the first load and this subscription reached nobody (a wall
            // that reconnects after a restart on a loaded machine showed a new whistle only at
            // its next full read, a minute later): read once more now that nothing can be missed.
            _ = CatchUpAsync();
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

    /// <summary>
    /// Returns at once: the stream delivers to every page and then to the hub in turn, so a page
    /// must never hold it up with its own reading and rendering.
    /// </summary>
    private Task OnNoticeAsync(DispatchNotice notice)
    {
        _ = HandleNoticeAsync(notice);
        return Task.CompletedTask;
    }

    private async Task CatchUpAsync()
    {
        try
        {
            await ReloadThrottledAsync();
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or ObjectDisposedException))
        {
            LoggerFactory.CreateLogger(GetType()).LogWarning(ex, "A page failed to catch up after subscribing");
        }
    }

    private async Task HandleNoticeAsync(DispatchNotice notice)
    {
        try
        {
            await HandleNoticeCoreAsync(notice);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The page closed while it was handling the notice.
        }
        catch (Exception ex)
        {
            LoggerFactory.CreateLogger(GetType()).LogWarning(ex, "A page failed to handle {Kind}", notice.Kind);
        }
    }

    private async Task HandleNoticeCoreAsync(DispatchNotice notice)
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

        await ReloadThrottledAsync();
    }

    /// <summary>
    /// Leading-edge throttle: an isolated notice reloads at once; while a reload and its cool-down
    /// run, further notices only mark the page dirty, and cost one more reload at the end.
    /// </summary>
    private async Task ReloadThrottledAsync()
    {
        Interlocked.Exchange(ref _dirty, 1);
        while (Interlocked.CompareExchange(ref _reloading, 1, 0) == 0)
        {
            try
            {
                while (Interlocked.Exchange(ref _dirty, 0) == 1)
                {
                    await InvokeAsync(async () =>
                    {
                        await ReloadAsync();
                        StateHasChanged();
                    });
                    await Task.Delay(Throttle, Stopping);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            finally
            {
                Interlocked.Exchange(ref _reloading, 0);
            }

            // A notice that came after the last check but before the flag was released.
            if (Volatile.Read(ref _dirty) == 0)
            {
                return;
            }
        }
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
