using Dispatch.Web.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;

namespace Dispatch.Web.Components.Ui;

/// <summary>
/// Catches an unexpected error inside an interactive page: the page is replaced by a Chinese
/// notice with a reference number, the log line carries the same number, and the rest of the
/// shell (menu, header) keeps working. Navigating elsewhere recovers.
/// </summary>
public sealed class PageErrorBoundary : ErrorBoundaryBase
{
    private string? _reference;

    [Inject]
    public required ILogger<PageErrorBoundary> Logger { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    /// <summary>The number shown for the current error, for tests and the notice.</summary>
    public string? Reference => CurrentException is null ? null : _reference;

    protected override Task OnErrorAsync(Exception exception)
    {
        _reference = ErrorReference.NewReference();
        Logger.LogError(exception, "Unhandled error {Reference} on page {Page}", _reference, Navigation.ToBaseRelativePath(Navigation.Uri));
        return Task.CompletedTask;
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (CurrentException is null)
        {
            builder.AddContent(0, ChildContent);
            return;
        }

        builder.OpenElement(1, "div");
        builder.AddAttribute(2, "class", "page-error");
        builder.AddAttribute(3, "role", "alert");
        builder.OpenElement(4, "h2");
        builder.AddContent(5, "页面出现错误");
        builder.CloseElement();
        builder.OpenElement(6, "p");
        builder.AddContent(7, "刚才的操作可能没有完成。请重新加载页面后核对；如问题持续，请把下面的参考编号告知系统管理员。");
        builder.CloseElement();
        builder.OpenElement(8, "p");
        builder.OpenElement(9, "code");
        builder.AddAttribute(10, "class", "error-reference");
        builder.AddContent(11, _reference);
        builder.CloseElement();
        builder.CloseElement();
        builder.OpenElement(12, "a");
        builder.AddAttribute(13, "href", Navigation.Uri);
        builder.AddAttribute(14, "data-enhance-nav", "false");
        builder.AddContent(15, "重新加载");
        builder.CloseElement();
        builder.CloseElement();
    }
}
