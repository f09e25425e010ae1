using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Presence;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Escalation;
using Dispatch.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Infrastructure.Persistence.Seeding;

/// <summary>
/// Seeds the demo county and several weeks of history into an empty database, so the console,
/// the KPIs and the charts show something real from the first minute. Every case is written
/// through the domain's own methods, on a simulated clock. A database that holds any
/// organization, staff or case is never touched.
/// </summary>
public sealed class DemoDataSeeder(
    IDbContextFactory<DispatchDbContext> factory,
    TimeProvider clock,
    IOptions<DatabaseOptions> options,
    Reports.ReportTallyBuilder tallies,
    ILogger<DemoDataSeeder> logger)
{
    /// <summary>The published password of every demo account (the start-up check outside Development refuses it).</summary>
    public const string DemoPassword = DemoCounty.DemoPassword;

    /// <summary>
    /// The <see cref="DatabaseOptions.DemoScale"/> that gives at least <paramref name="cases"/> cases over <paramref name="days"/> days.
    /// 8 % to spare: chance (about ±2 % at 3,000 cases), the mix of weekdays and weekends in the
    /// period (up to 1 %) and today, of which only the hours gone by are seeded (up to 1 day in
    /// <paramref name="days"/>); 3 % left the count short on some days of the week and times of day.
    /// </summary>
    public static double ScaleFor(int cases, int days) => cases / ((days + 1) * DemoHistory.CasesPerDay) * 1.08;

    /// <summary>Seeds into an empty database; false (and nothing written) when it holds data already.</summary>
    public async Task<bool> SeedIfEmptyAsync(CancellationToken cancellationToken) => await SeedAsync(cancellationToken) is not null;

    /// <summary>Seeds into an empty database and returns how many cases were written, or null when it holds data already.</summary>
    public async Task<int?> SeedAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await db.Centers.AnyAsync(cancellationToken) || await db.Staff.AnyAsync(cancellationToken) || await db.Cases.AnyAsync(cancellationToken))
        {
            logger.LogInformation("The database already holds data; demo data was not seeded.");
            return null;
        }

        // The history is written in bulk; its report counts are built from it in one go at the end.
        db.KeepTallies = false;
        var started = System.Diagnostics.Stopwatch.StartNew();
        var now = clock.GetUtcNow();
        var organization = DemoOrganization.Build();
        db.Centers.AddRange(organization.Centers);
        db.Departments.AddRange(organization.Departments);
        db.Staff.AddRange(organization.Staff);
        // Every demo account has the same published password: hashed once (a hundred hashes cost
        // seconds on every seeded test host). The hash does not depend on the account.
        var hasher = new PasswordHasher<StaffAccount>();
        var demoHash = hasher.HashPassword(null!, DemoCounty.DemoPassword);
        foreach (var staff in organization.Staff)
        {
            var account = StaffDirectory.AccountFor(staff);
            account.PasswordHash = demoHash;
            db.Set<StaffAccount>().Add(account);
        }

        db.Set<EscalationPolicyRecord>().AddRange(
            new EscalationPolicyRecord { Id = Guid.CreateVersion7(), Policy = EscalationPolicy.Standard, Name = EscalationPolicy.Standard.Name, IsDefault = true, UpdatedAt = now, UpdatedBy = "系统" },
            new EscalationPolicyRecord { Id = Guid.CreateVersion7(), Policy = DemoCounty.StrictPolicy, Name = DemoCounty.StrictPolicy.Name, UpdatedAt = now, UpdatedBy = "系统" });
        SeedDuty(db, organization, now);
        await db.SaveChangesAsync(cancellationToken);

        var history = new DemoHistory(organization, new Random(2018_0471), now, options.Value.DemoScale);
        var days = options.Value.DemoHistoryDays;
        var cases = 0;

        // The database is empty, so serials are counted here (one round trip per case would take minutes
        // for a year of data) and the counters stored at the end: later registrations continue from them.
        var serials = new Dictionary<(string Center, int Year), long>();
        for (var day = days; day >= 0; day--)
        {
            db.ChangeTracker.Clear();
            foreach (var story in history.StoriesOfDay(now.AddDays(-day)))
            {
                cases += Write(db, history, story, serials);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        foreach (var story in history.LiveStories())
        {
            cases += Write(db, history, story, serials);
        }

        db.Set<Configurations.CaseCodeCounter>().AddRange(serials.Select(s => new Configurations.CaseCodeCounter { CenterCode = s.Key.Center, Year = s.Key.Year, LastSerial = s.Value }));
        await db.SaveChangesAsync(cancellationToken);
        await tallies.CheckAsync(repair: true, cancellationToken);
        logger.LogInformation("Seeded the demo county {County}: {Cases} cases over {Days} days in {Seconds:0.0} s.", DemoCounty.CountyName, cases, days, started.Elapsed.TotalSeconds);
        return cases;
    }

    /// <summary>
    /// The first person of each department went on duty at 08:30 today (so signing in as them
    /// makes them present), and a roster for the fortnight around today: the first person every
    /// day, the second on alternate days, so some departments show someone absent.
    /// </summary>
    private static void SeedDuty(DispatchDbContext db, DemoOrganization organization, DateTimeOffset now)
    {
        var local = now.ToOffset(WorkingCalendar.ChinaStandardTime);
        var today = DateOnly.FromDateTime(local.Date);
        var morning = new DateTimeOffset(local.Date.AddHours(8.5), WorkingCalendar.ChinaStandardTime);
        for (var i = 0; i < organization.Departments.Count; i++)
        {
            var department = organization.Departments[i];
            var first = organization.StaffOf(department, 0);
            var second = organization.Staff.Where(s => s.DepartmentId == department.Id).Skip(1).FirstOrDefault();
            db.DutyShifts.Add(DutyShift.Start(Guid.CreateVersion7(), first, null, morning < now ? morning : now.AddMinutes(-5)));
            for (var day = -7; day <= 7; day++)
            {
                db.Roster.Add(RosterEntry.Create(Guid.CreateVersion7(), today.AddDays(day), department.Id, first.Id));
                if (second is not null && (i + day) % 2 == 0)
                {
                    db.Roster.Add(RosterEntry.Create(Guid.CreateVersion7(), today.AddDays(day), department.Id, second.Id));
                }
            }
        }
    }

    private static int Write(DispatchDbContext db, DemoHistory history, DemoStory story, Dictionary<(string Center, int Year), long> serials)
    {
        // 一案一码 per registering center and year, as the allocator issues them.
        CaseCode NextCode(string center, DateTimeOffset at)
        {
            var key = (center, at.ToOffset(WorkingCalendar.ChinaStandardTime).Year);
            serials[key] = serials.GetValueOrDefault(key) + 1;
            return CaseCode.Create(center, key.Item2, serials[key]);
        }

        var (@case, whistles) = history.Play(story, NextCode);
        db.Cases.Add(@case);
        db.Whistles.AddRange(whistles);
        return 1;
    }
}

/// <summary>The organization of the demo county: centers, departments, one account per role and two per department.</summary>
internal sealed record DemoOrganization(
    Center County,
    IReadOnlyList<Center> Townships,
    IReadOnlyList<Center> Villages,
    IReadOnlyList<Department> Departments,
    IReadOnlyList<Staff> Staff)
{
    public IEnumerable<Center> Centers => [County, .. Townships, .. Villages];

    public Department Department(string shortName) => Departments.Single(d => d.ShortName == shortName);

    public Staff StaffOf(Department department, int index) => Staff.Where(s => s.DepartmentId == department.Id).ElementAt(index);

    public Staff ByRole(StaffRole role) => Staff.First(s => s.Role == role);

    /// <summary>The county's departments (职能部门), without the townships' 站所.</summary>
    public IEnumerable<Department> CountyDepartments => Departments.Where(d => d.CenterId == County.Id);

    /// <summary>大满镇 → 大满, 东街街道 → 东街: the place in a 站所's short name.</summary>
    public static string ShortPlace(string townshipName) =>
        townshipName.EndsWith("街道", StringComparison.Ordinal) ? townshipName[..^2] : townshipName.TrimEnd('镇', '乡');

    public static DemoOrganization Build()
    {
        var county = Center.CreateCounty(Guid.CreateVersion7(), DemoCounty.CountyCode, DemoCounty.CountyName);
        var townships = new List<Center>();
        var villages = new List<Center>();
        foreach (var (code, name, villageList) in DemoCounty.Townships)
        {
            var township = Center.CreateUnder(Guid.CreateVersion7(), code, $"{name}综治中心", county);
            townships.Add(township);
            villages.AddRange(villageList.Select(v => Center.CreateUnder(Guid.CreateVersion7(), v.Code, $"{v.Name}综治中心", township)));
        }

        var departments = DemoCounty.Departments
            .Select((d, i) => Dispatch.Domain.Organization.Department.Create(Guid.CreateVersion7(), d.Name, d.ShortName, county.Id, d.Head, $"1390937{i + 1:D4}"))
            .ToList();
        var countyDepartments = departments.Count;

        // Each township's 站所, after the county's departments (their staff come after the county's too).
        for (var t = 0; t < townships.Count; t++)
        {
            var (code, name, _) = DemoCounty.Townships[t];
            townships[t].AllowSummoningParentDepartments(!DemoCounty.TownshipsSummoningOnlyOwnOffices.Contains(code));
            var place = ShortPlace(name);
            departments.AddRange(DemoCounty.Offices.Select((o, i) => Dispatch.Domain.Organization.Department.Create(
                Guid.CreateVersion7(), $"{name}{o.Name}", $"{place}{o.Name}", townships[t].Id, null, $"0936-83{t + 10:D2}{i + 100:D3}")));
        }

        var staff = new List<Staff>
        {
            Dispatch.Domain.Organization.Staff.Create(Guid.CreateVersion7(), "director", "张建国", StaffRole.Director, county.Id, phone: "13909360001"),
            Dispatch.Domain.Organization.Staff.Create(Guid.CreateVersion7(), "dispatcher", "李晓燕", StaffRole.Dispatcher, county.Id, phone: "13909360002"),
            Dispatch.Domain.Organization.Staff.Create(Guid.CreateVersion7(), "leader", "王志强", StaffRole.Leader, county.Id, phone: "13909360003"),
            Dispatch.Domain.Organization.Staff.Create(Guid.CreateVersion7(), "admin", "系统管理员", StaffRole.Admin, county.Id),
            Dispatch.Domain.Organization.Staff.Create(Guid.CreateVersion7(), "wall", "指挥大厅大屏", StaffRole.WallDisplay, county.Id),
            Dispatch.Domain.Organization.Staff.Create(Guid.CreateVersion7(), "clerk", "窗口受理员 刘娜", StaffRole.Dispatcher, county.Id),
        };
        var given = new[] { "明", "伟", "芳", "静", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "超", "霞" };

        // 三级综治中心: each township center has its own director (dm-director for 大满镇).
        for (var t = 0; t < townships.Count; t++)
        {
            var (code, name, _) = DemoCounty.Townships[t];
            var person = DemoCounty.Surnames[(t * 3 + 1) % DemoCounty.Surnames.Length] + given[(t * 5 + 2) % given.Length];
            staff.Add(Dispatch.Domain.Organization.Staff.Create(Guid.CreateVersion7(), $"{code.ToLowerInvariant()}-director", $"{person}（{name}）", StaffRole.Director, townships[t].Id, phone: $"139093611{t:D2}"));
        }

        for (var i = 0; i < DemoCounty.Departments.Length; i++)
        {
            var (login, _, shortName, _) = DemoCounty.Departments[i];
            for (var n = 1; n <= 2; n++)
            {
                var name = DemoCounty.Surnames[(i * 2 + n) % DemoCounty.Surnames.Length] + given[(i + n * 5) % given.Length];
                // Mobiles for the texts (短信); 住建局's second has none on file, so the console shows who was not reached.
                var phone = login == "zjj" && n == 2 ? null : $"1390938{i * 2 + n:D4}";
                staff.Add(Dispatch.Domain.Organization.Staff.Create(Guid.CreateVersion7(), $"{login}{n:D2}", $"{name}（{shortName}）", StaffRole.DepartmentStaff, county.Id, departments[i].Id, phone));
            }
        }

        // One terminal account per 站所: dm-pcs for 大满镇派出所.
        for (var t = 0; t < townships.Count; t++)
        {
            var (code, _, _) = DemoCounty.Townships[t];
            for (var o = 0; o < DemoCounty.Offices.Length; o++)
            {
                var office = departments[countyDepartments + t * DemoCounty.Offices.Length + o];
                var name = DemoCounty.Surnames[(t * 7 + o * 3 + 2) % DemoCounty.Surnames.Length] + given[(t + o * 4 + 1) % given.Length];
                staff.Add(Dispatch.Domain.Organization.Staff.Create(Guid.CreateVersion7(), $"{code.ToLowerInvariant()}-{DemoCounty.Offices[o].Code}", $"{name}（{office.ShortName}）", StaffRole.DepartmentStaff, townships[t].Id, office.Id, $"1390939{t * 10 + o:D4}"));
            }
        }

        // 村（社区）: a mediator (调解员) and a grid worker (网格员) for the first villages of each township.
        var v = 0;
        foreach (var (_, _, villageList) in DemoCounty.Townships)
        {
            for (var n = 0; n < villageList.Length; n++, v++)
            {
                if (n >= DemoCounty.StaffedVillagesPerTownship)
                {
                    continue;
                }

                var (code, name) = villageList[n];
                var mediator = DemoCounty.Surnames[(v * 3 + 5) % DemoCounty.Surnames.Length] + given[(v * 2 + 3) % given.Length];
                var grid = DemoCounty.Surnames[(v * 5 + 7) % DemoCounty.Surnames.Length] + given[(v * 3 + 6) % given.Length];
                staff.Add(Dispatch.Domain.Organization.Staff.Create(Guid.CreateVersion7(), $"{code.ToLowerInvariant()}-mediator", $"{mediator}（{name}调解员）", StaffRole.Mediator, villages[v].Id, phone: $"1390936{2000 + v * 2:D4}"));
                staff.Add(Dispatch.Domain.Organization.Staff.Create(Guid.CreateVersion7(), $"{code.ToLowerInvariant()}-grid", $"{grid}（{name}网格员）", StaffRole.GridWorker, villages[v].Id, phone: $"1390936{2001 + v * 2:D4}"));
            }
        }

        return new DemoOrganization(county, townships, villages, departments, staff);
    }
}
