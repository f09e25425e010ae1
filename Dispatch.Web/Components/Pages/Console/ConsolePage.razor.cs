using Dispatch.Infrastructure.Queries;
using Microsoft.AspNetCore.Components;

namespace Dispatch.Web.Components.Pages.Console;

public sealed partial class ConsolePage
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Reload = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stop = new();
    private ConsoleOverview? _overview;
    private DateTimeOffset _now;
    private DateTimeOffset? _loadedAt;
    private string? _error;

    [Inject]
    public required DispatchQueries Queries { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _now = Clock.GetUtcNow();
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            _ = RunClockAsync();
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            _overview = await Queries.ConsoleAsync(_stop.Token);
            _loadedAt = Clock.GetUtcNow();
            _error = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _error = "数据加载失败，稍后将自动重试。";
        }
    }

    /// <summary>Countdowns tick every second; the data reloads every 30 s until the whistle issue brings pushes.</summary>
    private async Task RunClockAsync()
    {
        using var timer = new PeriodicTimer(Tick, Clock);
        var sinceReload = TimeSpan.Zero;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                sinceReload += Tick;
                if (sinceReload >= Reload)
                {
                    sinceReload = TimeSpan.Zero;
                    await LoadAsync();
                }

                _now = Clock.GetUtcNow();
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
