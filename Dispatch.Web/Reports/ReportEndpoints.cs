using Dispatch.Infrastructure.Queries;
using Dispatch.Infrastructure.Reports;
using Dispatch.Web.Security;

namespace Dispatch.Web.Reports;

/// <summary>Report downloads: the workbook, one table as CSV, and the case timelines for audits.</summary>
public static class ReportEndpoints
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IEndpointRouteBuilder MapReportDownloads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/reports").RequireAuthorization(Policies.Command).ExcludeFromDescription();
        group.MapGet("/export.xlsx", async (HttpContext http, ReportCache reports, WallQueries walls, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var (scope, period, problem) = await ResolveAsync(http, walls, clock, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            var report = (await reports.GetAsync(scope, period.Period, cancellationToken)).Report;
            var buffer = new MemoryStream();
            ReportExport.WriteXlsx(ReportExport.Title(report), ReportExport.Tables(report), buffer);
            return Results.File(buffer.ToArray(), XlsxType, $"{scope.Name}统计分析_{period.FileStem}.xlsx");
        });
        group.MapGet("/export.csv", async (HttpContext http, string? table, ReportCache reports, WallQueries walls, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var (scope, period, problem) = await ResolveAsync(http, walls, clock, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            var report = (await reports.GetAsync(scope, period.Period, cancellationToken)).Report;
            if (ReportExport.Tables(report).FirstOrDefault(t => t.Key == table) is not { } found)
            {
                return Results.Problem(statusCode: 400, title: "请求有误", detail: $"请指定要导出的表：{string.Join("、", ReportExport.TableKeys)}。");
            }

            var buffer = new MemoryStream();
            ReportExport.WriteCsv(found, buffer);
            return Results.File(buffer.ToArray(), "text/csv; charset=utf-8", $"{scope.Name}{found.Name}_{period.FileStem}.csv");
        });
        group.MapGet("/timeline.csv", async (HttpContext http, ReportQueries reports, WallQueries walls, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var (scope, period, problem) = await ResolveAsync(http, walls, clock, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            return Results.Stream(async stream =>
            {
                await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
                await writer.WriteAsync(ReportExport.CsvLine(["案件编码", "诉求标题", "序号", "时间", "办理人", "环节", "说明"]));
                await foreach (var row in reports.TimelineAsync(scope, period.Period, cancellationToken))
                {
                    await writer.WriteAsync(ReportExport.CsvLine([row.CaseCode, row.Title, row.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Domain.Common.Labels.Time(row.At), row.Actor, row.Action, row.Note]));
                }
            }, "text/csv; charset=utf-8", $"{scope.Name}案件办理过程_{period.FileStem}.csv");
        });
        return app;
    }

    /// <summary>The center (by code, default the county) and the period from the query string, or the problem to answer with.</summary>
    private static async Task<(WallScope Scope, ReportPeriod Period, IResult? Problem)> ResolveAsync(HttpContext http, WallQueries walls, TimeProvider clock, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var (period, error) = ReportPeriod.Parse(query["period"], query["from"], query["to"], clock.GetUtcNow());
        if (period is null)
        {
            return (null!, null!, Results.Problem(statusCode: 400, title: "时间范围有误", detail: error));
        }

        var reach = await UserScope.OfAsync(http.User, http.RequestServices.GetRequiredService<Infrastructure.Security.CenterScopes>(), cancellationToken);
        return await ScopeAsync(walls, query["center"], reach, cancellationToken) is { } scope
            ? (scope, period, null)
            : (null!, null!, Results.Problem(statusCode: 404, title: "找不到该中心", detail: $"没有代码为「{query["center"]}」的综治中心。"));
    }

    /// <summary>
    /// The center a report is about: the code given, or else the user's own center (the county's
    /// staff: the county). A center outside the user's reach reads as not found.
    /// </summary>
    public static async Task<WallScope?> ScopeAsync(WallQueries walls, string? code, Domain.Organization.CenterScope? reach, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(walls);
        var scope = !string.IsNullOrWhiteSpace(code) ? await walls.ScopeAsync(code, cancellationToken)
            : reach is { IsCounty: false } own ? await walls.ScopeAsync(own.Own.Code, cancellationToken)
            : await walls.CountyScopeAsync(cancellationToken);
        return scope is not null && UserScope.Reaches(reach, scope.CenterId) ? scope : null;
    }
}
