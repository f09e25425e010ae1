using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Dispatch.Web.Components.Shared;

/// <summary>The switch that unlocks alarm sound and asks once for system notifications.</summary>
public partial class SoundSwitch
{
    [Inject]
    public required IJSRuntime Js { get; init; }

    private bool _on;

    /// <summary>Also asks for system notifications, once, when asked to.</summary>
    [Parameter]
    public bool AskForNotifications { get; set; }

    public bool On => _on;

    private async Task EnableAsync()
    {
        try
        {
            _on = await Js.InvokeAsync<bool>("dispatchTerminal.unlock");
            if (AskForNotifications)
            {
                await Js.InvokeVoidAsync("dispatchTerminal.askNotifications");
            }
        }
        catch (JSException)
        {
            _on = false;
        }
    }

    /// <summary>Plays a tone ('summons', 'urge', 'ack'); returns whether sound is on.</summary>
    public async Task<bool> PlayAsync(string kind)
    {
        try
        {
            _on = await Js.InvokeAsync<bool>("dispatchTerminal.play", kind);
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or TaskCanceledException or InvalidOperationException)
        {
            // No sound (prerendering, a closed circuit): the notice and the list still show.
        }

        return _on;
    }

    /// <summary>Rings until stopped (a pending summons nobody has acknowledged); repeating is done in the browser.</summary>
    public async Task AlarmAsync(bool ringing)
    {
        try
        {
            await Js.InvokeVoidAsync("dispatchTerminal.alarm", ringing);
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or TaskCanceledException or InvalidOperationException)
        {
        }
    }

    /// <summary>A system notification when the tab is in the background (the Notification API).</summary>
    public async Task NotifyAsync(string title, string body, string tag)
    {
        try
        {
            await Js.InvokeVoidAsync("dispatchTerminal.notify", title, body, tag);
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or TaskCanceledException or InvalidOperationException)
        {
        }
    }
}
