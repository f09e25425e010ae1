using Dispatch.Domain.Messaging;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Messaging;
using Dispatch.TestSupport;
using Dispatch.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dispatch.Web.Tests.Messaging;

/// <summary>
/// Alibaba Cloud SMS through a fake SendSms that checks the RPC signature by Alibaba's own
/// recipe; the job server on, so a blow reaches the phone with no hand in between; and a phone's
/// rate limit putting off the texts beyond it.
/// </summary>
public sealed class AliyunSmsTests : IAsyncLifetime
{
    private FakeSmsGateway _gateway = null!;
    private DispatchWebFactory _app = null!;

    public async Task InitializeAsync()
    {
        _gateway = await FakeSmsGateway.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Escalation:Enabled"] = "false",
            ["Sms:Provider"] = "Aliyun",
            ["Sms:Aliyun:Endpoint"] = _gateway.AliyunUrl,
            ["Sms:Aliyun:AccessKeyId"] = FakeSmsGateway.AccessKeyId,
            ["Sms:Aliyun:AccessKeySecret"] = FakeSmsGateway.AccessKeySecret,
            ["Sms:PublicBaseUrl"] = "https://dispatch.test",
            ["Sms:PerPhoneLimit"] = "2",
        };
        foreach (var purpose in Enum.GetNames<TextPurpose>())
        {
            settings[$"Sms:Aliyun:Templates:{purpose}"] = $"SMS_{purpose.ToUpperInvariant()}";
        }

        _app = DispatchWebFactory.WithSettings(settings);
        _ = _app.Services;
    }

    [Fact]
    public async Task ABlownWhistle_ReachesThePhoneThroughSendSms_SignedAsAlibabaSpecifies_OnTheJobServer()
    {
        await DemoActions.BlowAsync(_app.Services, "热力公司", "请热力公司立即到场");

        // rlgs01 (on duty) and the head: the summons, and the urge as nobody is present.
        var summons = await _gateway.WaitForAsync(s => s.Text.StartsWith("吹哨召集：请热力公司", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        summons.Provider.ShouldBe("Aliyun");
        summons.Template.ShouldBe("SMS_SUMMONS");
        summons.Phone.ShouldBe("13909380023");
        var urge = await _gateway.WaitForAsync(s => s.Template == "SMS_NOBODYPRESENT", TimeSpan.FromSeconds(20));
        urge.Text.ShouldContain("热力公司被吹哨召集时无人在岗");

        // The app records it as sent, with Alibaba's BizId: heard as its status event (or read, if that came first).
        var id = Guid.ParseExact(summons.Id, "N");
        var recorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_app.Services.GetRequiredService<Infrastructure.Persistence.InProcessEventBus>().Subscribe((e, _) =>
        {
            if (e is TextStatusChanged { State: TextState.Sent } changed && changed.TextId == id)
            {
                recorded.TrySetResult();
            }

            return Task.CompletedTask;
        }))
        {
            var queries = _app.Services.GetRequiredService<Infrastructure.Queries.DispatchQueries>();
            if ((await queries.RecentTextsAsync(100, CancellationToken.None)).All(t => t.Id != id || t.State != TextState.Sent))
            {
                await recorded.Task.WaitAsync(TimeSpan.FromSeconds(20));
            }
        }

        var sent = (await _app.Services.GetRequiredService<Infrastructure.Queries.DispatchQueries>().RecentTextsAsync(100, CancellationToken.None)).Where(t => t.Id == id).ToList();
        sent.Single().State.ShouldBe(TextState.Sent);
        sent.Single().Provider.ShouldBe("Aliyun");
        sent.Single().ProviderMessageId!.ShouldStartWith("biz-");
    }

    [Fact]
    public async Task AWrongSecret_IsRefusedBySendSms_AsAFinalFailureWithAlibabasCode()
    {
        var options = new SmsOptions { Provider = SmsProvider.Aliyun };
        options.Aliyun.Endpoint = _gateway.AliyunUrl;
        options.Aliyun.AccessKeyId = FakeSmsGateway.AccessKeyId;
        options.Aliyun.AccessKeySecret = "not-the-secret";
        options.Aliyun.Templates["Summons"] = "SMS_SUMMONS";
        using var sender = new AliyunSmsSender(Options.Create(options), TimeProvider.System);

        var result = await sender.SendAsync(new OutgoingText(Guid.NewGuid(), "13909380001", "吹哨召集：测试 (A*B) ~ 100%", TextPurpose.Summons), CancellationToken.None);

        result.Outcome.ShouldBe(SmsOutcome.Refused);
        result.Reason!.ShouldStartWith("阿里云短信拒绝：SignatureDoesNotMatch");
        options.Aliyun.AccessKeySecret = FakeSmsGateway.AccessKeySecret;
        (await sender.SendAsync(new OutgoingText(Guid.NewGuid(), "13909380001", "吹哨召集：测试 (A*B) ~ 100%", TextPurpose.Summons), CancellationToken.None))
            .Outcome.ShouldBe(SmsOutcome.Accepted);
    }

    [Fact]
    public async Task TextsBeyondAPhonesLimit_WaitTheirTurn()
    {
        var clock = new FakeClock(DispatchWebFactory.DemoNow);
        await using var gateway = await FakeSmsGateway.StartAsync();
        var settings = SmsTestApp.Settings(gateway);
        settings["Sms:PerPhoneLimit"] = "2";
        using var app = DispatchWebFactory.WithSettings(settings, clock: clock);
        var texts = app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Infrastructure.Persistence.DispatchDbContext>>();
        var ids = new List<Guid>();
        await using (var db = await texts.CreateDbContextAsync())
        {
            for (var i = 0; i < 3; i++)
            {
                var text = TextMessage.Plan(Guid.CreateVersion7(), TextPurpose.Reply, $"limit-{i}", null, new TextRecipient(null, "测试", "13909389999"), $"第 {i + 1} 条", clock.GetUtcNow());
                db.TextMessages.Add(text);
                ids.Add(text.Id);
            }

            await db.SaveChangesAsync();
        }

        var delivery = app.Services.GetRequiredService<TextDelivery>();
        var results = new List<DeliveryResult>();
        foreach (var id in ids)
        {
            results.Add(await delivery.DeliverAsync(id, CancellationToken.None));
        }

        results.ShouldBe([DeliveryResult.Sent, DeliveryResult.Sent, DeliveryResult.Deferred]);
        await using (var db = await texts.CreateDbContextAsync())
        {
            var third = await db.TextMessages.FindAsync(ids[2]);
            third!.State.ShouldBe(TextState.Queued);
            third.LastError!.ShouldContain("10 分钟内已收到 2 条短信");
            third.NotBefore.ShouldBe(clock.GetUtcNow().AddMinutes(10));
        }

        clock.Advance(TimeSpan.FromMinutes(10));
        (await delivery.DeliverAsync(ids[2], CancellationToken.None)).ShouldBe(DeliveryResult.Sent);
        gateway.Received.Count(r => r.Phone == "13909389999").ShouldBe(3);
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _gateway.DisposeAsync();
    }
}
