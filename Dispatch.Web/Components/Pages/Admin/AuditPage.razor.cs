using System.Globalization;
using Dispatch.Infrastructure.Security;
using Microsoft.AspNetCore.Components;

namespace Dispatch.Web.Components.Pages.Admin;

/// <summary>Administrators read the audit trail, filter it and export it; nothing on the page changes it.</summary>
public sealed partial class AuditPage
{
    private const int PageSize = 50;
    private int _pageIndex;

    [Inject]
    public required AuditTrail Audit { get; init; }

    private Infrastructure.Security.AuditPage? _page;

    private DateOnly? From { get; set; }

    private DateOnly? To { get; set; }

    private string Kind { get; set; } = string.Empty;

    private string? Actor { get; set; }

    private int PageCount => _page is null ? 0 : Math.Max(1, (_page.Total + PageSize - 1) / PageSize);

    private string CsvHref
    {
        get
        {
            var query = new Dictionary<string, string?>
            {
                ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["kind"] = Kind.Length > 0 ? Kind : null,
                ["actor"] = string.IsNullOrWhiteSpace(Actor) ? null : Actor.Trim(),
            };
            return Security.AuditEndpoints.CsvPath + Microsoft.AspNetCore.Http.QueryString.Create(query.Where(q => q.Value is not null));
        }
    }

    protected override Task OnInitializedAsync() => GoAsync(0);

    private Task SearchAsync() => GoAsync(0);

    private async Task GoAsync(int index)
    {
        _pageIndex = Math.Max(0, index);
        var filter = new AuditFilter(
            From is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), Domain.Whistles.WorkingCalendar.ChinaStandardTime) : null,
            To is { } to ? new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), Domain.Whistles.WorkingCalendar.ChinaStandardTime) : null,
            Enum.TryParse<AuditKind>(Kind, out var kind) ? kind : null,
            string.IsNullOrWhiteSpace(Actor) ? null : Actor.Trim());
        _page = await Audit.QueryAsync(filter, _pageIndex * PageSize, PageSize, CancellationToken.None);
    }
}
