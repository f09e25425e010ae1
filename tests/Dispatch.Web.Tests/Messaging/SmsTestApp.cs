using System.Text.RegularExpressions;
using Dispatch.Domain.Messaging;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Messaging;
using Dispatch.Infrastructure.Persistence;
using Dispatch.TestSupport;
using Dispatch.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Messaging;

/// <summary>
/// The app texting through a fake provider on loopback, its clock fixed at the demo's Tuesday
/// 10:00 and moved by hand, the job server off: the tests plan and deliver by hand, so each run
/// of delivery is one the test chose (a job run twice is two calls).
/// </summary>
public sealed class SmsTestApp : IAsyncLifetime
{
    public const string Secret = "sms-callback-secret";

    public FakeClock Clock { get; } = new(DispatchWebFactory.DemoNow);

    public FakeSmsGateway Gateway { get; private set; } = null!;

    public DispatchWebFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Gateway = await FakeSmsGateway.StartAsync();
        App = DispatchWebFactory.WithSettings(Settings(Gateway), clock: Clock);
        _ = App.Services;
    }

    public static Dictionary<string, string?> Settings(FakeSmsGateway gateway) => new()
    {
        ["Jobs:Enabled"] = "false",
        ["Escalation:Enabled"] = "false",
        ["Sms:Provider"] = "Http",
        ["Sms:Http:Url"] = gateway.SendUrl,
        ["Sms:Http:Token"] = FakeSmsGateway.Token,
        ["Sms:Http:Secret"] = Secret,
        ["Sms:PublicBaseUrl"] = "https://dispatch.test",
        ["Sms:PerPhoneLimit"] = "100",
    };

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>The director blows on an open case with no running whistle, summoning these departments.</summary>
    public async Task<Guid> BlowAsync(ResponsePolicy policy, params string[] departments)
    {
        var director = await DemoActions.OperatorAsync(App.Services, "director");
        await using var db = await Get<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        var busy = await db.Whistles.Where(w => w.Status == WhistleStatus.Open).Select(w => w.CaseId).ToListAsync();
        var caseId = await db.Cases.Where(c => c.Status == Domain.Cases.CaseStatus.Handling && !busy.Contains(c.Id)).OrderByDescending(c => c.ReceivedAt).Select(c => (Guid?)c.Id).FirstOrDefaultAsync()
            ?? await DemoActions.HandCaseToAsync(App.Services, departments[0]);
        var ids = new List<Guid>();
        foreach (var department in departments)
        {
            ids.Add(await DemoActions.DepartmentIdAsync(App.Services, department));
        }

        var whistleId = await Get<Infrastructure.Whistles.WhistleCommands>().BlowAsync(director, caseId, ids, policy, "请立即到场");
        await Get<TextPlanner>().PlanWhistleAsync(whistleId, CancellationToken.None);
        return whistleId;
    }

    public async Task<List<TextMessage>> TextsAsync(Guid? whistleId = null)
    {
        await using var db = await Get<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        var texts = db.TextMessages.AsNoTracking();
        if (whistleId is { } id)
        {
            texts = texts.Where(t => t.WhistleId == id);
        }

        return await texts.OrderBy(t => t.CreatedAt).ThenBy(t => t.Key).ToListAsync();
    }

    /// <summary>Runs delivery once for every text that waits now, in the order they were planned.</summary>
    public async Task<List<(TextMessage Text, DeliveryResult Result)>> DeliverAllAsync(Guid? whistleId = null)
    {
        var results = new List<(TextMessage, DeliveryResult)>();
        foreach (var text in (await TextsAsync(whistleId)).Where(t => t.State == TextState.Queued && t.NotBefore <= Clock.GetUtcNow()))
        {
            results.Add((text, await Get<TextDelivery>().DeliverAsync(text.Id, CancellationToken.None)));
        }

        return results;
    }

    public IReadOnlyList<ReceivedSms> ReceivedFor(IEnumerable<TextMessage> texts)
    {
        var ids = texts.Select(t => t.Id.ToString("N")).ToHashSet();
        return [.. Gateway.Received.Where(r => ids.Contains(r.Id))];
    }

    /// <summary>The phone link's token in a text, as a phone would open it.</summary>
    public static string TokenIn(string text) => Regex.Match(text, "/m/([A-Za-z0-9_-]{22})").Groups[1].Value;

    public async Task DisposeAsync()
    {
        App.Dispose();
        await Gateway.DisposeAsync();
    }
}
