using System.Net;
using System.Net.Sockets;
using System.Text;
using Dispatch.Domain.Common;
using Dispatch.Domain.Reports;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Persistence.Seeding;
using Dispatch.Infrastructure.Reports;
using Dispatch.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Infrastructure.Tests.Reports;

/// <summary>The daily bulletin on the demo county: published once however often it is asked for, mailed once.</summary>
public class BulletinServiceTests
{
    private static readonly DateTimeOffset Friday17 = new(2026, 11, 20, 17, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task ThreeNodesAtFive_MakeOneBulletin_MailedOnce_AndTheNextDayIsNumberTwo()
    {
        using var smtp = new FakeSmtpServer();
        var clock = new FakeClock(Friday17);
        await using var database = await TestDatabase.Sqlite(clock, new Dictionary<string, string?>
        {
            ["Bulletin:Smtp:Host"] = "127.0.0.1",
            ["Bulletin:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bulletin:Smtp:From"] = "zongzhi@example.cn",
            ["Bulletin:Smtp:To:0"] = "leaders@example.cn",
        }).MigrateAsync();
        await database.Services.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync(CancellationToken.None);
        var service = database.Services.GetRequiredService<BulletinService>();
        var published = new List<BulletinPublished>();
        using var listening = database.Events.Subscribe((e, _) =>
        {
            if (e is BulletinPublished p)
            {
                lock (published)
                {
                    published.Add(p);
                }
            }

            return Task.CompletedTask;
        });

        var bulletins = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => service.PublishAsync(CancellationToken.None))));

        bulletins.Select(b => b.Id).Distinct().ShouldHaveSingleItem();
        await using var db = database.CreateContext();
        var stored = await db.Bulletins.SingleAsync();
        stored.Number.ShouldBe("2026年第 1 期");
        stored.Title.ShouldBe("甘州区每日信访通报（2026年第 1 期）");
        stored.Day.ShouldBe(new DateOnly(2026, 11, 20));
        stored.DeliveredAt.ShouldNotBeNull();
        stored.DeliveryError.ShouldBeNull();
        // The county's bulletin goes to the county's departments, not to the townships' 站所.
        var county = await db.Centers.Where(c => c.Level == Domain.Organization.CenterLevel.County).Select(c => c.Id).SingleAsync();
        var countyDepartments = await db.Departments.Where(d => d.CenterId == county).Select(d => d.Id).ToListAsync();
        (await db.Departments.CountAsync()).ShouldBeGreaterThan(countyDepartments.Count);
        published.ShouldHaveSingleItem().DepartmentIds.ShouldBe(countyDepartments, ignoreOrder: true);
        smtp.Messages.ShouldHaveSingleItem().ShouldContain("RCPT TO:<leaders@example.cn>");

        // Read back as published; the same composition as a fresh one at that moment.
        var fresh = await service.ComposeAsync(stored.Day, Friday17, CancellationToken.None);
        stored.Content.Numbers.ShouldBe(fresh.Numbers);
        stored.Content.Overdue.Sum(o => o.Items.Count).ShouldBe(fresh.OverdueCount);
        stored.Text.ShouldStartWith("甘州区每日信访通报（2026年第 1 期）\n2026年11月20日（截至 17:00）");
        (await service.DeliverAsync(stored.Id, CancellationToken.None)).ShouldBeFalse("a bulletin is mailed once");

        clock.Advance(TimeSpan.FromDays(3));
        (await service.PublishAsync(CancellationToken.None)).Number.ShouldBe("2026年第 2 期");
        smtp.Messages.Count.ShouldBe(2);
    }

    [Fact]
    public async Task TheBulletinsOverdueList_IsTheOpenObligationsPastDue()
    {
        var clock = new FakeClock(Friday17);
        await using var database = await TestDatabase.Sqlite(clock).MigrateAsync();
        await database.Services.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync(CancellationToken.None);
        var service = database.Services.GetRequiredService<BulletinService>();
        await using var db = database.CreateContext();
        var now = Friday17.ToUniversalTime();
        var overdueSummonses = await db.Summonses.AsNoTracking()
            .Where(s => db.Whistles.Any(w => w.Id == s.WhistleId && w.Status == Domain.Whistles.WhistleStatus.Open))
            .ToListAsync();
        var expected = overdueSummonses.Count(s => s.State switch
        {
            Domain.Whistles.SummonsState.Pending => s.AcknowledgeDueAt < now,
            Domain.Whistles.SummonsState.Acknowledged => s.OnSiteDueAt < now,
            Domain.Whistles.SummonsState.OnSite => s.ResultDueAt < now,
            _ => false,
        }) + await db.Cases.CountAsync(c => c.Status == Domain.Cases.CaseStatus.Handling && c.DueAt < now);

        var content = await service.ComposeAsync(new DateOnly(2026, 11, 20), Friday17, CancellationToken.None);

        expected.ShouldBeGreaterThan(0);
        content.OverdueCount.ShouldBe(expected);
        content.Overdue.SelectMany(o => o.Items).ShouldAllBe(i => i.OverdueBy > TimeSpan.Zero);
        content.NextWorkingDay.ShouldBe(new DateOnly(2026, 11, 23));
    }

    [Fact]
    public async Task OnlyTheDirectorOrADispatcher_PublishesBeforeTheTime()
    {
        await using var database = await TestDatabase.Sqlite(new FakeClock(Friday17)).MigrateAsync();
        var service = database.Services.GetRequiredService<BulletinService>();

        await Should.ThrowAsync<AccessDeniedException>(() => service.PublishNowAsync(new Operator(Guid.NewGuid(), "李军", Domain.Organization.StaffRole.DepartmentStaff, Guid.NewGuid()), CancellationToken.None));
        (await service.PublishNowAsync(new Operator(Guid.NewGuid(), "张建国", Domain.Organization.StaffRole.Director, null), CancellationToken.None)).Sequence.ShouldBe(1);
    }

    /// <summary>Just enough SMTP to take messages from System.Net.Mail on a loopback port.</summary>
    private sealed class FakeSmtpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public FakeSmtpServer()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public List<string> Messages { get; } = [];

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                _ = ServeAsync(client);
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using var _ = client;
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            var transcript = new StringBuilder();
            await writer.WriteLineAsync("220 fake ESMTP");
            var inData = false;
            while (await reader.ReadLineAsync() is { } line)
            {
                transcript.AppendLine(line);
                if (inData)
                {
                    if (line == ".")
                    {
                        inData = false;
                        lock (Messages)
                        {
                            Messages.Add(transcript.ToString());
                        }

                        await writer.WriteLineAsync("250 queued");
                    }

                    continue;
                }

                var verb = line.Split(' ')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-fake");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "DATA":
                        inData = true;
                        await writer.WriteLineAsync("354 go ahead");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("250 ok");
                        break;
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}
