using System.Text.Json;
using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Queries;
using Dispatch.Infrastructure.Reports;
using Dispatch.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Infrastructure.Tests.Reports;

/// <summary>
/// The reports' daily counts against the cases, on both databases: cases taken through the whole
/// loop one save at a time (routed, routed again elsewhere, handled, whistled with summonses
/// declined, acknowledged in time or late, on site, reported, second supervision, raised, rejected,
/// left open), then the stored counts equal the counts computed from the rows, and every report
/// summed from them equals the report read from every case, for whole and part days, periods
/// ending in the future, and the county, a township and a village.
/// </summary>
[Collection(PostgresCollection.Name)]
public class ReportTallyTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 15, 30, 0, TimeSpan.FromHours(8));

    private static readonly JsonSerializerOptions Json = new() { IncludeFields = true, Converters = { new PeriodConverter() } };

    /// <summary>A period as its two ends (its <see cref="Period.Previous"/> goes back for ever).</summary>
    private sealed class PeriodConverter : System.Text.Json.Serialization.JsonConverter<Period>
    {
        public override Period Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, Period value, JsonSerializerOptions options) =>
            writer.WriteStringValue($"{value.From:O}/{value.To:O}");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task CountsKeptBySaves_EqualTheRows_AndReportsFromThemEqualReportsFromEveryCase(DatabaseProvider provider)
    {
        var clock = new FakeClock(Now);
        await using var database = await TestDatabase.Create(provider, postgres, clock).MigrateAsync();
        var place = await PlayAsync(database, new Random(2026_1120), 90);

        var builder = database.Services.GetRequiredService<ReportTallyBuilder>();
        var check = await builder.CheckAsync(repair: false, CancellationToken.None);
        check.Lines.ShouldBeGreaterThan(200);
        check.Wrong.ShouldBe(0);

        var reports = database.Services.GetRequiredService<ReportQueries>();
        var scopes = new[]
        {
            new WallScope(place.County, "GZ", "甘州区", CenterLevel.County),
            new WallScope(place.Township, "DM", "大满镇", CenterLevel.Township),
            new WallScope(place.Village, "XX", "新新村", CenterLevel.Village),
        };
        var periods = new[]
        {
            new Period(Now.AddDays(-365), Now),
            new Period(Now.AddDays(-30), Now),
            new Period(Now.AddDays(-9).AddHours(-3).AddMinutes(-17), Now.AddDays(-2).AddHours(5)),
            new Period(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(8)), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8))),
            new Period(Now.AddHours(-5), Now.AddHours(2)),
            new Period(Now.AddDays(-20), Now.AddDays(12)),
        };
        foreach (var scope in scopes)
        {
            foreach (var period in periods)
            {
                var fromCounts = await reports.ReportAsync(scope, period, CancellationToken.None);
                var fromRows = await reports.ReportFromRowsAsync(scope, period, CancellationToken.None);
                JsonSerializer.Serialize(fromCounts, Json).ShouldBe(JsonSerializer.Serialize(fromRows, Json), $"{scope.Name} {period}");
            }
        }

        var year = await reports.ReportAsync(scopes[0], periods[0], CancellationToken.None);
        year.Kpis.CasesReceived.ShouldBe(90);
        year.Kpis.CasesClosed.ShouldBeGreaterThan(10);
        year.Kpis.SecondSupervisions.ShouldBeGreaterThan(0);
        year.Departments.Sum(d => d.Score.CasesHandled).ShouldBeGreaterThan(0);
        year.Departments.Sum(d => d.Score.Summonses).ShouldBeGreaterThan(10);
        year.Departments.Sum(d => d.Score.Overdue).ShouldBeGreaterThan(0);
        year.Kpis.Acknowledgement.Count.ShouldBe(2);
        year.Departments.Single(d => d.Department == "司法局").Score.Summonses.ShouldBeGreaterThan(0);
        year.Kpis.OnSiteResolution.Denominator.ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task AWrongCount_IsFoundAndRebuiltFromTheCases(DatabaseProvider provider)
    {
        var clock = new FakeClock(Now);
        await using var database = await TestDatabase.Create(provider, postgres, clock).MigrateAsync();
        await PlayAsync(database, new Random(7), 12);
        await using (var db = database.CreateContext())
        {
            (await db.Database.ExecuteSqlRawAsync("UPDATE \"ReportDays\" SET \"Received\" = \"Received\" + 5 WHERE \"Kind\" = 0")).ShouldBeGreaterThan(0);
        }

        var builder = database.Services.GetRequiredService<ReportTallyBuilder>();
        var found = await builder.CheckAsync(repair: true, CancellationToken.None);
        found.Wrong.ShouldBeGreaterThan(0);
        found.Rebuilt.ShouldBeTrue();
        var again = await builder.CheckAsync(repair: false, CancellationToken.None);
        again.Wrong.ShouldBe(0);
        again.Lines.ShouldBe(found.Lines);
    }

    private sealed record Place(Guid County, Guid Township, Guid Village);

    /// <summary>Cases through the loop, each step its own save (so the counts move as the case changes).</summary>
    private static async Task<Place> PlayAsync(TestDatabase database, Random random, int count)
    {
        var county = Center.CreateCounty(Guid.NewGuid(), "GZ", "甘州区综治中心");
        var townships = new[] { Center.CreateUnder(Guid.NewGuid(), "DM", "大满镇综治中心", county), Center.CreateUnder(Guid.NewGuid(), "SJ", "沙井镇综治中心", county) };
        var villages = new[] { Center.CreateUnder(Guid.NewGuid(), "XX", "新新村综治中心", townships[0]), Center.CreateUnder(Guid.NewGuid(), "SX", "四闸村综治中心", townships[1]) };
        var departments = new[] { Department.Create(Guid.NewGuid(), "甘州区住房和城乡建设局", "住建局", county.Id), Department.Create(Guid.NewGuid(), "甘州区人力资源和社会保障局", "人社局", county.Id) };
        var justice = Department.Create(Guid.NewGuid(), "甘州区司法局", "司法局", county.Id);
        await database.UnitOfWork.ExecuteAsync(db =>
        {
            db.Centers.AddRange([county, .. townships, .. villages]);
            db.Departments.AddRange([.. departments, justice]);
            return Task.CompletedTask;
        });

        var actor = new Actor(null, "李窗口");
        var blown = 0;
        var categories = Enum.GetValues<CaseCategory>();
        for (var i = 0; i < count; i++)
        {
            var t = Now.AddDays(-random.Next(0, 45)).AddMinutes(-random.Next(0, 24 * 60));
            var area = random.Next(2);
            var id = Guid.NewGuid();
            await database.UnitOfWork.ExecuteAsync(async db =>
            {
                var code = await db.NextAsync("GZ", 2026, CancellationToken.None);
                db.Cases.Add(Case.Register(id, code, county.Id, new CaseIntake(
                    Channel.Hotline12345, categories[random.Next(categories.Length)], "群众反映问题", "请协调解决。", [Party.Create("王某", "13809360000", null)],
                    townships[area].Id, villages[area].Id, "某地", t.AddMinutes(-random.Next(1, 200)), TimeSpan.FromHours(1), CenterLevel.County), actor, t));
            });

            async Task<bool> Step(TimeSpan after, Action<Case, DateTimeOffset> change)
            {
                t += after;
                if (t >= Now)
                {
                    return false;
                }

                var at = t;
                await database.UnitOfWork.ExecuteAsync(async db => change(await db.Cases.SingleAsync(c => c.Id == id), at));
                return true;
            }

            var roll = random.NextDouble();
            if (roll < 0.1)
            {
                await Step(TimeSpan.FromMinutes(30), (c, at) => c.Reject("已进入诉讼程序。", actor, at));
                continue;
            }

            if (roll < 0.18)
            {
                continue;
            }

            var toTownship = random.NextDouble() < 0.35;
            var department = departments[random.Next(2)];
            if (!await Step(TimeSpan.FromMinutes(20), (c, at) => c.Route(
                toTownship ? townships[area].Id : county.Id, toTownship ? CenterLevel.Township : CenterLevel.County, toTownship ? null : department.Id, toTownship ? "大满镇" : department.ShortName, actor, at)))
            {
                continue;
            }

            if (random.NextDouble() < 0.25)
            {
                // Routed again before handling: to the other department, or a township case to the other township's center.
                department = departments.Single(d => d != department);
                var holder = toTownship ? townships[1 - area] : county;
                if (!await Step(TimeSpan.FromHours(3), (c, at) => c.Route(holder.Id, holder.Level, toTownship ? null : department.Id, holder.Name, actor, at)))
                {
                    continue;
                }
            }

            if (!await Step(TimeSpan.FromMinutes(30), (c, at) => c.Assess(RiskLevel.Medium, null, actor, at)))
            {
                continue;
            }

            var days = random.Next(1, 12);
            if (!await Step(TimeSpan.FromMinutes(10), (c, at) => c.StartHandling(at.AddDays(days), null, actor, at, toTownship ? null : (department.Id, department.ShortName))))
            {
                continue;
            }

            if (!toTownship && random.NextDouble() < 0.6 && !await WhistleAsync(database, random, id, departments, justice, actor, () => t, at => t = at, quick: blown++ == 0))
            {
                continue;
            }

            if (toTownship && random.NextDouble() < 0.3)
            {
                // The township cannot settle it: raised to the county, which keeps the case open.
                await Step(TimeSpan.FromHours(5), (c, at) => c.RaiseTo(county.Id, CenterLevel.County, "甘州区", "调解未果", actor, at));
                continue;
            }

            if (random.NextDouble() < 0.2 || !await Step(TimeSpan.FromHours(random.Next(2, 24 * (days + 3))), (c, at) => c.SubmitResult("已办结。", actor, at)))
            {
                continue;
            }

            if (random.NextDouble() < 0.25)
            {
                if (!await Step(TimeSpan.FromHours(20), (c, at) => c.RecordFollowUp(Satisfaction.Dissatisfied, "未彻底解决", at.AddDays(4), actor, at))
                    || !await Step(TimeSpan.FromHours(30), (c, at) => c.SubmitResult("二次督办后整改到位。", actor, at)))
                {
                    continue;
                }
            }

            if (!await Step(TimeSpan.FromHours(20), (c, at) => c.RecordFollowUp(random.NextDouble() < 0.8 ? Satisfaction.Satisfied : Satisfaction.BasicallySatisfied, null, null, actor, at)))
            {
                continue;
            }

            await Step(TimeSpan.FromHours(2), (c, at) => c.Close("已化解。", actor, at));
        }

        return new Place(county.Id, townships[0].Id, villages[0].Id);
    }

    /// <summary>
    /// A whistle to both departments: each declines, acknowledges in time or late (or never), may
    /// go on site and report; the whistle is closed with an outcome or left running. False when
    /// the story reached now. The <paramref name="quick"/> one is answered in time and ended early.
    /// </summary>
    private static async Task<bool> WhistleAsync(TestDatabase database, Random random, Guid caseId, Department[] departments, Department reassignTo, Actor actor, Func<DateTimeOffset> clock, Action<DateTimeOffset> advance, bool quick)
    {
        var calendar = new WorkingCalendar();
        var whistleId = Guid.NewGuid();
        async Task<bool> Step(TimeSpan after, Action<Whistle, Case, DateTimeOffset> change)
        {
            var at = clock() + after;
            if (at >= Now)
            {
                return false;
            }

            advance(at);
            await database.UnitOfWork.ExecuteAsync(async db =>
            {
                var @case = await db.Cases.SingleAsync(c => c.Id == caseId);
                if (await db.Whistles.SingleOrDefaultAsync(w => w.Id == whistleId) is { } whistle)
                {
                    change(whistle, @case, at);
                }
                else
                {
                    db.Whistles.Add(Whistle.Blow(whistleId, @case, [.. departments.Select(d => new SummonedDepartment(d.Id, d.ShortName))],
                        ResponsePolicy.Normal, EscalationPolicy.Standard, "请按时报到。", calendar, actor, at));
                }
            });
            return true;
        }

        if (!await Step(TimeSpan.FromMinutes(30), (_, _, _) => { }))
        {
            return false;
        }

        Guid[] summonses;
        await using (var db = database.CreateContext())
        {
            summonses = [.. (await db.Whistles.AsNoTracking().SingleAsync(w => w.Id == whistleId)).Summonses.Select(s => s.Id)];
        }

        if (quick)
        {
            // Acknowledged in time, nobody on site, the whistle ended before the on-site limit:
            // what was still open is no longer owed, so neither summons missed the on-site limit.
            return await Step(TimeSpan.FromMinutes(5), (w, c, at) => w.Acknowledge(summonses[0], c, actor, at))
                && await Step(TimeSpan.FromMinutes(3), (w, c, at) => w.Acknowledge(summonses[1], c, actor, at))
                && await Step(TimeSpan.FromMinutes(30), (w, c, at) => w.Close(WhistleOutcome.JointMediation, null, c, actor, at));
        }

        foreach (var summons in summonses)
        {
            var roll = random.NextDouble();
            if (roll < 0.15)
            {
                if (!await Step(TimeSpan.FromMinutes(random.Next(1, 20)), (w, c, at) => w.Decline(summons, "不属于本部门职责。", c, actor, at)))
                {
                    return false;
                }

                // The director moves it to the justice bureau (which never answers), or insists.
                if (random.NextDouble() < 0.5)
                {
                    if (!await Step(TimeSpan.FromMinutes(10), (w, c, at) => w.Reassign(summons, new SummonedDepartment(reassignTo.Id, reassignTo.ShortName), "改由司法局参加。", calendar, c, actor, at)))
                    {
                        return false;
                    }

                    continue;
                }

                if (!await Step(TimeSpan.FromMinutes(10), (w, c, at) => w.Insist(summons, "属于本部门职责，请按时报到。", calendar, c, actor, at)))
                {
                    return false;
                }
            }

            if (roll < 0.25
                || !await Step(TimeSpan.FromMinutes(random.Next(1, 25)), (w, c, at) => w.Acknowledge(summons, c, actor, at)))
            {
                continue;
            }

            if (random.NextDouble() < 0.7
                && await Step(TimeSpan.FromMinutes(random.Next(10, 240)), (w, c, at) => w.MarkOnSite(summons, c, actor, at))
                && random.NextDouble() < 0.7)
            {
                await Step(TimeSpan.FromHours(random.Next(1, 72)), (w, c, at) => w.Report(summons, "已到场核实并落实整改。", c, actor, at));
            }
        }

        if (random.NextDouble() < 0.75)
        {
            var outcome = random.NextDouble() < 0.6 ? WhistleOutcome.ResolvedOnSite : WhistleOutcome.JointMediation;
            return await Step(TimeSpan.FromMinutes(random.NextDouble() < 0.5 ? random.Next(5, 60) : random.Next(60, 30 * 60)), (w, c, at) => w.Close(outcome, null, c, actor, at));
        }

        return true;
    }
}
