using System.Text.Json;
using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Queries;
using Dispatch.Tests.Shared;
using Dispatch.Web.Components.Pages.Track;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Cases;

/// <summary>
/// Nothing reads a timeline line's Chinese label: every stored label is renamed, and the public
/// tracking steps, the terminal's hand-over notes, the rejection notice and the analysis report
/// come out exactly as before, while the case page shows the renamed words.
/// </summary>
public sealed class TimelineLabelTests : IDisposable
{
    private const string Renamed = "改名·";
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly DispatchWebFactory _app = DispatchWebFactory.WithSettings(new Dictionary<string, string?>());

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task RenamingEveryStoredLabel_ChangesNothingButTheWordsShown()
    {
        var before = await ViewsAsync();
        before.Briefs.ShouldNotBeEmpty();
        before.Notice.ShouldContain("不予受理告知书");
        before.Tracking.ShouldContain("二次督办");

        var factory = _app.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var renamed = await db.Database.ExecuteSqlRawAsync($"""UPDATE "CaseTimeline" SET "Action" = '{Renamed}' || "Action" """);
            renamed.ShouldBeGreaterThan(1000);
        }

        var after = await ViewsAsync();

        after.Tracking.ShouldBe(before.Tracking);
        after.Briefs.ShouldBe(before.Briefs);
        after.Notice.ShouldBe(before.Notice);
        after.Report.ShouldBe(before.Report);
        after.Detail.ShouldBe(before.Detail.Select(label => Renamed + label));
    }

    private sealed record Views(string Tracking, IReadOnlyList<string> Briefs, string Notice, string Report, IReadOnlyList<string> Detail);

    private async Task<Views> ViewsAsync()
    {
        var factory = _app.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>();
        List<Case> cases;
        await using (var db = await factory.CreateDbContextAsync())
        {
            cases = await db.Cases.AsNoTracking().OrderBy(c => c.Code).ToListAsync();
        }

        var tracking = JsonSerializer.Serialize(cases.Select(PublicProgress.Of), Readable);
        var briefs = new List<string>();
        foreach (var user in new[] { "zjj01", "rsj01" })
        {
            using var terminal = new WebSession(_app);
            await terminal.SignInAsync(user);
            var page = await terminal.GetDocumentAsync("/terminal");
            briefs.AddRange(page.QuerySelectorAll(".case-brief:not(.complaint)").Select(b => b.TextContent.Trim()));
        }

        using var director = new WebSession(_app);
        await director.SignInAsync("director");
        var rejected = cases.First(c => c.Status == CaseStatus.Rejected);
        var notice = (await director.GetDocumentAsync($"/cases/{rejected.Id}/rejection-notice")).Body!.TextContent;
        var supervised = cases.First(c => c.SupervisionCount > 0);
        var detail = (await director.GetDocumentAsync($"/cases/{supervised.Id}")).QuerySelectorAll(".timeline-action").Select(a => a.TextContent.Trim()).ToList();

        var scope = (await _app.Services.GetRequiredService<WallQueries>().ScopeAsync("GZ", CancellationToken.None))!;
        var now = DispatchWebFactory.DemoNow;
        var report = await _app.Services.GetRequiredService<ReportQueries>().ReportAsync(scope, new Domain.Kpis.Period(now.AddDays(-90), now), CancellationToken.None);
        var numbers = JsonSerializer.Serialize(new { report.Kpis.OnSiteResolution, report.Kpis.Satisfaction, report.Kpis.TimelyAcceptance, report.Kpis.OnTimeCompletion, report.Kpis.Levels, report.Departments, report.Categories, report.Trend, report.Townships });
        return new Views(tracking, briefs, notice, numbers, detail);
    }
}
