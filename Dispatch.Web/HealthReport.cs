using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Dispatch.Web;

/// <summary>/health answers with JSON naming each check and its state (the database today).</summary>
internal static class HealthReport
{
    public static readonly HealthCheckOptions Options = new()
    {
        ResponseWriter = async (context, report) =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(context.Response.Body, new
            {
                status = report.Status.ToString(),
                totalMilliseconds = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
                checks = report.Entries.Select(e => new
                {
                    name = e.Key,
                    status = e.Value.Status.ToString(),
                    description = e.Value.Description ?? e.Value.Exception?.Message,
                    milliseconds = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                }),
            });
        },
    };
}
