using System.Globalization;
using Dispatch.Infrastructure.Reports;
using Dispatch.Infrastructure.Security;

namespace Dispatch.Web.Security;

/// <summary>The audit trail as CSV, for administrators only, with the page's filters.</summary>
public static class AuditEndpoints
{
    public const string CsvPath = "/admin/audit.csv";

    public static IEndpointRouteBuilder MapAuditExport(this IEndpointRouteBuilder app)
    {
        app.MapGet(CsvPath, (HttpContext http, AuditTrail audit, CancellationToken cancellationToken) =>
        {
            if (!TryFilter(http.Request.Query, out var filter, out var problem))
            {
                return Results.Problem(statusCode: 400, title: "筛选条件有误", detail: problem);
            }

            return Results.Stream(async stream =>
            {
                await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
                await writer.WriteAsync(ReportExport.CsvLine(["编号", "时间", "类型", "操作人", "来源地址", "对象", "说明", "修改前", "修改后"]));
                await foreach (var entry in audit.ExportAsync(filter, cancellationToken))
                {
                    await writer.WriteAsync(ReportExport.CsvLine([
                        entry.Id.ToString(CultureInfo.InvariantCulture), Format.FullTime(entry.At), AuditTrail.Label(entry.Kind), entry.Actor, entry.Address,
                        entry.Target, entry.Summary, entry.Before, entry.After]));
                }
            }, "text/csv; charset=utf-8", $"审计日志_{DateTime.UtcNow.AddHours(8):yyyyMMdd-HHmm}.csv");
        }).RequireAuthorization(Policies.Admin).ExcludeFromDescription();
        return app;
    }

    /// <summary>The filter from a query string: from/to as dates (China time, to inclusive), kind by name, actor by login.</summary>
    public static bool TryFilter(IQueryCollection query, out AuditFilter filter, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(query);
        filter = new AuditFilter();
        problem = null;
        DateTimeOffset? from = null, to = null;
        AuditKind? kind = null;
        if (!string.IsNullOrEmpty(query["from"]))
        {
            if (!DateOnly.TryParseExact(query["from"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                problem = "from 应为日期，例如 2026-12-01。";
                return false;
            }

            from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Domain.Whistles.WorkingCalendar.ChinaStandardTime);
        }

        if (!string.IsNullOrEmpty(query["to"]))
        {
            if (!DateOnly.TryParseExact(query["to"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                problem = "to 应为日期，例如 2026-12-31。";
                return false;
            }

            to = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), Domain.Whistles.WorkingCalendar.ChinaStandardTime);
        }

        if (!string.IsNullOrEmpty(query["kind"]))
        {
            if (!Enum.TryParse<AuditKind>(query["kind"], ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || query["kind"].ToString().All(char.IsAsciiDigit))
            {
                problem = $"kind 无效，可选：{string.Join("、", Enum.GetNames<AuditKind>())}。";
                return false;
            }

            kind = parsed;
        }

        var actor = query["actor"].ToString().Trim();
        filter = new AuditFilter(from, to, kind, actor.Length is > 0 and <= 64 ? actor : null);
        return true;
    }
}
