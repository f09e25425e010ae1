using Bunit;
using Dispatch.Web.Components.Ui;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Dispatch.Web.Tests.Components;

/// <summary>
/// A bUnit context with MudBlazor's services and our Chinese texts; JavaScript calls are
/// answered loosely (sound, notifications and MudBlazor's own helpers do nothing here).
/// </summary>
public abstract class ComponentTest : BunitContext, IAsyncLifetime
{
    /// <summary>A fixed instant for every component test: a Tuesday morning in Beijing.</summary>
    protected static readonly DateTimeOffset Now = new(2026, 11, 17, 10, 0, 0, TimeSpan.FromHours(8));

    protected ComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddTransient<MudLocalizer, ChineseLocalizer>();
    }

    /// <summary>Renders MudBlazor's providers so dialogs, popovers and snackbars have somewhere to appear.</summary>
    protected IRenderedComponent<MudDialogProvider> RenderDialogProvider()
    {
        Render<MudPopoverProvider>();
        return Render<MudDialogProvider>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>
    /// Disposes asynchronously before xUnit's synchronous Dispose (then a no-op): MudBlazor's
    /// dialog services can only be disposed so.
    /// </summary>
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
