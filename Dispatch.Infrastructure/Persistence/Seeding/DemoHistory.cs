using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;

namespace Dispatch.Infrastructure.Persistence.Seeding;

/// <summary>When a case arrived and was accepted; a live story also fixes how its whistle stands right now.</summary>
internal sealed record DemoStory(DateTimeOffset ReceivedAt, DateTimeOffset AcceptedAt, LiveWhistle? Live = null);

/// <summary>A whistle blown minutes ago, so the console opens on something happening.</summary>
internal sealed record LiveWhistle(CaseCategory Category, TimeSpan BlownAgo, ResponsePolicy Policy, double?[] AcknowledgeAfterMinutes, double?[] OnSiteAfterMinutes);

/// <summary>
/// Plays out demo cases on a simulated clock through the domain's methods. Nothing happens after
/// <c>now</c>: a case whose next step would lie in the future simply stays where it is.
/// Figures follow the seed reports (about 56 % of joint on-site handling resolved on site, most
/// cases closed at village or township level, satisfaction around 96 %).
/// </summary>
internal sealed class DemoHistory(DemoOrganization organization, Random random, DateTimeOffset now, double scale = 1)
{
    private static readonly TimeSpan Cst = WorkingCalendar.ChinaStandardTime;
    /// <summary>The mean number of cases a day at scale 1 (five weekdays of 12–21, two weekend days of 4–8).</summary>
    public const double CasesPerDay = ((5 * 16.5) + (2 * 6)) / 7;

    private readonly WorkingCalendar _calendar = WorkingCalendar.WeekendsOnly;

    public IEnumerable<DemoStory> StoriesOfDay(DateTimeOffset day)
    {
        var date = day.ToOffset(Cst).Date;
        var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var count = (int)Math.Round((weekend ? random.Next(4, 9) : random.Next(12, 22)) * scale);
        var stories = new List<DemoStory>();
        for (var i = 0; i < count; i++)
        {
            // The hotline runs day and night; the windows from 8:30 to 18:00.
            var minuteOfDay = random.NextDouble() < 0.15 ? random.Next(0, 24 * 60) : random.Next(8 * 60 + 30, 18 * 60);
            var received = new DateTimeOffset(date.AddMinutes(minuteOfDay), Cst);
            if (received > now.AddMinutes(-5))
            {
                continue;
            }

            var roll = random.NextDouble();
            var delay = roll < 0.9 ? TimeSpan.FromMinutes(random.Next(2, 60))
                : roll < 0.98 ? TimeSpan.FromHours(random.Next(2, 20))
                : TimeSpan.FromHours(random.Next(26, 40));
            var accepted = received + delay > now ? now : received + delay;
            stories.Add(new DemoStory(received, accepted));
        }

        return stories.OrderBy(s => s.AcceptedAt);
    }

    public IEnumerable<DemoStory> LiveStories()
    {
        LiveWhistle[] live =
        [
            new(CaseCategory.WageArrears, TimeSpan.FromMinutes(3), ResponsePolicy.Urgent, [null, null], [null, null]),
            new(CaseCategory.Heating, TimeSpan.FromMinutes(9), ResponsePolicy.Urgent, [2.5, null], [null, null]),
            new(CaseCategory.PropertyManagement, TimeSpan.FromMinutes(48), ResponsePolicy.Normal, [4, 11], [31, null]),
            new(CaseCategory.LandAcquisition, TimeSpan.FromMinutes(21), ResponsePolicy.Normal, [null, 6], [null, null]),
        ];
        return live.Select(l => new DemoStory(now - l.BlownAgo - TimeSpan.FromMinutes(50), now - l.BlownAgo - TimeSpan.FromMinutes(40), l));
    }

    /// <summary>A stable offset of up to ±0.02° from a case code (FNV-1a), different per axis.</summary>
    private static double Spread(string code, int axis)
    {
        var hash = 2166136261u ^ (uint)axis;
        foreach (var c in code)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return ((int)(hash % 4001) - 2000) / 100_000d;
    }

    /// <summary>
    /// Plays one case through the three levels (抓三级定三责). Walk-ins and grid reports come in at
    /// the center that handles them, the hotline, letters and online petitions at the county,
    /// which routes them down. A village mediates up to 3 times and a township up to 2 (with a
    /// whistle to its 站所 on some cases) before the case moves up by itself; the county is final.
    /// <paramref name="nextCode"/> issues the case code of the center that registers it.
    /// </summary>
    public (Case Case, IReadOnlyList<Whistle> Whistles) Play(DemoStory story, Func<string, DateTimeOffset, CaseCode> nextCode)
    {
        var category = story.Live is { } live
            ? DemoCounty.Categories.Single(c => c.Category == live.Category)
            : Weighted(DemoCounty.Categories, c => c.Weight);
        var channel = Weighted(DemoCounty.Channels, c => c.Weight).Channel;
        if (story.Live is not null && channel == Channel.GridReport)
        {
            // The whistles running now are the county's; a grid report would have started in its village.
            channel = Channel.Hotline12345;
        }

        var townshipIndex = random.Next(organization.Townships.Count);
        var township = organization.Townships[townshipIndex];
        var villages = organization.Villages.Where(v => v.ParentId == township.Id).ToList();
        var village = villages[random.Next(villages.Count)];
        var title = category.Titles[random.Next(category.Titles.Length)];
        var place = village.Name.Replace("综治中心", string.Empty, StringComparison.Ordinal);
        var party = Party.Create(DemoCounty.Surnames[random.Next(DemoCounty.Surnames.Length)] + "某" + "华明军英平兰"[random.Next(6)], $"139{random.Next(0, 100_000_000):D8}");
        var fixedSteps = story.Live is not null;
        var rejected = !fixedSteps && random.NextDouble() < 0.03;
        var levelRoll = random.NextDouble();
        var level = fixedSteps || rejected ? CenterLevel.County : levelRoll < 0.45 ? CenterLevel.Village : levelRoll < 0.75 ? CenterLevel.Township : CenterLevel.County;
        if (channel == Channel.GridReport && !fixedSteps)
        {
            // 小事网格解: what a grid worker sees starts at the village.
            level = CenterLevel.Village;
        }

        var handling = level switch
        {
            CenterLevel.Village => village,
            CenterLevel.Township => township,
            _ => organization.County,
        };
        var intakeAt = channel is Channel.WalkIn or Channel.GridReport ? handling : organization.County;
        var clerk = intakeAt.Level switch
        {
            CenterLevel.Village => channel == Channel.GridReport ? GridWorkerOf(village) : MediatorOf(village),
            CenterLevel.Township => DirectorOf(township),
            _ => ActorFor(organization.Staff.Single(s => s.UserName == "clerk")),
        };
        var code = nextCode(intakeAt.Code, story.AcceptedAt);
        var intake = new CaseIntake(
            channel, category.Category, title,
            $"{place}群众反映：{title}，涉及{random.Next(1, 40)}户（人），请求协调解决。",
            channel == Channel.GridReport && random.NextDouble() < 0.3 ? [] : [party], township.Id, village.Id,
            $"{township.Name.Replace("综治中心", string.Empty, StringComparison.Ordinal)}{place}",
            story.ReceivedAt, TimeSpan.FromDays(1), intakeAt.Level)
        {
            // Pinned near the township's centre, spread by the code.
            Longitude = DemoCounty.TownshipCentres[township.Code].Longitude + Spread(code.Value, 0),
            Latitude = DemoCounty.TownshipCentres[township.Code].Latitude + Spread(code.Value, 1),
        };

        var @case = Case.Register(Guid.CreateVersion7(), code, intakeAt.Id, intake, clerk, story.AcceptedAt);
        var t = story.AcceptedAt;
        var whistles = new List<Whistle>();
        if (rejected)
        {
            if (Advance(ref t, Minutes(5, 40)))
            {
                @case.Reject("该事项已进入诉讼程序，依法不予受理，已告知当事人通过诉讼途径解决。", HolderAt(intakeAt.Level, township, village), t);
            }

            return (@case, whistles);
        }

        var holder = HolderAt(level, township, village);
        var router = intakeAt.Level == CenterLevel.County ? ActorFor(organization.ByRole(StaffRole.Dispatcher)) : holder;
        if (!Advance(ref t, fixedSteps ? TimeSpan.FromMinutes(10) : Minutes(5, 60)))
        {
            return (@case, whistles);
        }

        @case.Route(handling.Id, level, null, handling.Name, router, t);
        if (!Advance(ref t, fixedSteps ? TimeSpan.FromMinutes(15) : Minutes(10, 120)))
        {
            return (@case, whistles);
        }

        var riskRoll = random.NextDouble() + (level == CenterLevel.County ? 0.3 : 0);
        var risk = fixedSteps ? RiskLevel.High : riskRoll < 0.5 ? RiskLevel.Low : riskRoll < 0.85 ? RiskLevel.Medium : riskRoll < 1.2 ? RiskLevel.High : RiskLevel.Critical;
        @case.Assess(risk, null, holder, t);
        if (!Advance(ref t, fixedSteps ? TimeSpan.FromMinutes(10) : Minutes(5, 60)))
        {
            return (@case, whistles);
        }

        var due = _calendar.AddWorkingDays(t, level switch { CenterLevel.Village => 3, CenterLevel.Township => 5, _ => 7 });
        if (level == CenterLevel.County)
        {
            return PlayAtCounty(story, @case, category, title, risk, due, t, whistles, handlingStarted: false);
        }

        @case.StartHandling(due, null, holder, t);
        if (level == CenterLevel.Village)
        {
            // 小事不出村: three attempts, then the case goes to the township by itself.
            if (Mediate(@case, holder, ref t, township) is not { } villageResolved)
            {
                return (@case, whistles);
            }

            if (villageResolved)
            {
                return FollowUpAndClose(@case, holder, t, whistles);
            }
        }

        // The township: a whistle to its 站所 on some cases, then up to two mediations.
        var director = DirectorOf(township);
        if (!Advance(ref t, Minutes(30, 24 * 60)))
        {
            return (@case, whistles);
        }

        if (random.NextDouble() < 0.35 || risk >= RiskLevel.High)
        {
            var departments = TownshipSummons(township, category);
            var whistle = Whistle.Blow(Guid.CreateVersion7(), @case, [.. departments.Select(d => new SummonedDepartment(d.Id, d.ShortName))],
                ResponsePolicy.Normal, EscalationPolicy.Standard, $"请各站所按时报到，协同处置「{title}」。", _calendar, director, t);
            whistles.Add(whistle);
            if (PlaySummonses(@case, whistle, departments, null) is not { } closeAt || closeAt > now)
            {
                return (@case, whistles);
            }

            whistle.Close(random.NextDouble() < 0.6 ? WhistleOutcome.ResolvedOnSite : WhistleOutcome.JointMediation, null, @case, director, closeAt);
            t = closeAt;
        }

        if (Mediate(@case, director, ref t, new CenterRef(organization.County.Id, CenterLevel.County, organization.County.Name)) is not { } townshipResolved)
        {
            return (@case, whistles);
        }

        return townshipResolved
            ? FollowUpAndClose(@case, director, t, whistles)
            : PlayAtCounty(story, @case, category, title, RiskLevel.High, due, t + Minutes(30, 240), whistles, handlingStarted: true);
    }

    /// <summary>
    /// Mediation attempts at the case's level until one succeeds or the level's attempts run out
    /// (the case then moves up to <paramref name="above"/>): true resolved, false raised, null
    /// when the next attempt still lies ahead.
    /// </summary>
    private bool? Mediate(Case @case, Actor mediator, ref DateTimeOffset t, Center above) =>
        Mediate(@case, mediator, ref t, new CenterRef(above.Id, above.Level, above.Name));

    private bool? Mediate(Case @case, Actor mediator, ref DateTimeOffset t, CenterRef above)
    {
        var limit = Case.MediationLimit(@case.CenterLevel) ?? 1;
        for (var attempt = 1; attempt <= limit; attempt++)
        {
            if (!Advance(ref t, Minutes(3 * 60, 30 * 60)))
            {
                return null;
            }

            // Each attempt settles about half of what is left (the seeds: 75 % settled below the county).
            var resolved = random.NextDouble() < (attempt == 1 ? 0.6 : 0.5);
            var note = resolved ? "双方当面协商，达成调解协议。" : DemoCounty.FailedMediationNotes[random.Next(DemoCounty.FailedMediationNotes.Length)];
            if (@case.RecordMediation(resolved, note, above, mediator, t))
            {
                return false;
            }

            if (resolved)
            {
                return true;
            }
        }

        return null;
    }

    /// <summary>The county's part: a whistle to its departments or handing to the one responsible (交办), then the result.</summary>
    private (Case, IReadOnlyList<Whistle>) PlayAtCounty(DemoStory story, Case @case, (CaseCategory Category, int Weight, string[] Departments, string[] Titles) category,
        string title, RiskLevel risk, DateTimeOffset due, DateTimeOffset t, List<Whistle> whistles, bool handlingStarted)
    {
        if (t > now)
        {
            return (@case, whistles);
        }

        var director = ActorFor(organization.ByRole(StaffRole.Director));
        var fixedSteps = story.Live is not null;
        var blow = fixedSteps || random.NextDouble() < 0.6 || (risk >= RiskLevel.High && random.NextDouble() < 0.5);

        // The county hands a case it does not whistle to the department responsible (交办).
        var handedTo = !blow && !handlingStarted ? organization.Department(category.Departments[0]) : null;
        if (!handlingStarted)
        {
            @case.StartHandling(due, handedTo is null ? null : "请按职责调查处理，期限内反馈办理结果。", director, t, handedTo is null ? null : (handedTo.Id, handedTo.ShortName));
        }

        Whistle? whistle = null;
        if (blow)
        {
            var blownAt = story.Live is { } l ? now - l.BlownAgo : t + Minutes(1, 30);
            if (blownAt > now)
            {
                return (@case, whistles);
            }

            var count = fixedSteps ? 2 : Math.Min(category.Departments.Length, random.Next(1, 3));
            var departments = category.Departments.Take(Math.Max(count, 1)).Select(organization.Department).ToList();
            if (fixedSteps && departments.Count < 2)
            {
                departments.Add(organization.Department("司法局"));
            }

            var policy = story.Live?.Policy ?? (risk >= RiskLevel.High ? ResponsePolicy.Urgent : ResponsePolicy.Normal);
            whistle = Whistle.Blow(Guid.CreateVersion7(), @case, [.. departments.Select(d => new SummonedDepartment(d.Id, d.ShortName))],
                policy, EscalationPolicy.Standard, $"请各部门按时报到，协同处置「{title}」。", _calendar, director, blownAt);
            whistles.Add(whistle);
            var finished = PlaySummonses(@case, whistle, departments, story.Live);
            if (finished is not { } closeAt || closeAt > now)
            {
                return (@case, whistles);
            }

            var outcomeRoll = random.NextDouble();
            var outcome = outcomeRoll < 0.57 ? WhistleOutcome.ResolvedOnSite : outcomeRoll < 0.9 ? WhistleOutcome.JointMediation
                : outcomeRoll < 0.95 ? WhistleOutcome.ReferredToLitigation : WhistleOutcome.Other;
            whistle.Close(outcome, outcome == WhistleOutcome.ResolvedOnSite ? "现场达成调解协议" : null, @case, director, closeAt);
            t = closeAt;
        }

        var handler = ActorFor(organization.StaffOf(organization.Department(category.Departments[0]), 0));
        var resultAt = whistle is not null || handlingStarted ? t + Minutes(60, 360) : t + (due - t) * (0.1 + random.NextDouble() * 1.05);
        if (resultAt > now)
        {
            return (@case, whistles);
        }

        @case.SubmitResult("经调解，双方达成一致意见，问题已解决。", handler, resultAt);
        return FollowUpAndClose(@case, ActorFor(organization.Staff.Single(s => s.UserName == "clerk")), resultAt, whistles, handler);
    }

    /// <summary>回访 by the center that holds the case (a dissatisfied answer sends it back once), then 结案.</summary>
    private (Case, IReadOnlyList<Whistle>) FollowUpAndClose(Case @case, Actor center, DateTimeOffset resultAt, List<Whistle> whistles, Actor? handler = null)
    {
        handler ??= center;
        var followAt = resultAt + Minutes(120, 1800);
        if (followAt > now)
        {
            return (@case, whistles);
        }

        var satisfactionRoll = random.NextDouble();
        if (satisfactionRoll < 0.04)
        {
            @case.RecordFollowUp(Satisfaction.Dissatisfied, "群众认为问题未彻底解决", _calendar.AddWorkingDays(followAt, 3), center, followAt);
            resultAt = followAt + Minutes(24 * 60, 3 * 24 * 60);
            if (resultAt > now)
            {
                return (@case, whistles);
            }

            @case.SubmitResult("二次督办后已彻底整改到位。", handler, resultAt);
            followAt = resultAt + Minutes(120, 600);
            if (followAt > now)
            {
                return (@case, whistles);
            }

            satisfactionRoll = 0.5;
        }

        @case.RecordFollowUp(satisfactionRoll < 0.8 ? Satisfaction.Satisfied : Satisfaction.BasicallySatisfied, "电话回访", null, center, followAt);
        var closedAt = followAt + Minutes(10, 120);
        if (closedAt <= now)
        {
            @case.Close("矛盾纠纷已化解，群众满意，予以结案。", center, closedAt);
        }

        return (@case, whistles);
    }

    /// <summary>Who acts for the center holding a case at <paramref name="level"/>.</summary>
    private Actor HolderAt(CenterLevel level, Center township, Center village) => level switch
    {
        CenterLevel.Village => MediatorOf(village),
        CenterLevel.Township => DirectorOf(township),
        _ => ActorFor(organization.ByRole(StaffRole.Director)),
    };

    private Actor DirectorOf(Center township) =>
        ActorFor(organization.Staff.Single(s => s.Role == StaffRole.Director && s.CenterId == township.Id));

    /// <summary>The village's mediator; a village without an account of its own is shown by its mediation committee.</summary>
    private Actor MediatorOf(Center village) =>
        organization.Staff.FirstOrDefault(s => s.Role == StaffRole.Mediator && s.CenterId == village.Id) is { } mediator
            ? ActorFor(mediator)
            : new Actor(null, village.Name.Replace("综治中心", "调委会", StringComparison.Ordinal));

    private Actor GridWorkerOf(Center village) =>
        organization.Staff.FirstOrDefault(s => s.Role == StaffRole.GridWorker && s.CenterId == village.Id) is { } grid
            ? ActorFor(grid)
            : new Actor(null, village.Name.Replace("综治中心", "网格员", StringComparison.Ordinal));

    /// <summary>The township's 站所 for the category and, where the township may, the county department responsible.</summary>
    private List<Department> TownshipSummons(Center township, (CaseCategory Category, int Weight, string[] Departments, string[] Titles) category)
    {
        var offices = organization.Departments.Where(d => d.CenterId == township.Id).ToList();
        var names = DemoCounty.OfficesFor(category.Category);
        var summoned = offices.Where(o => names.Any(n => o.ShortName.EndsWith(n, StringComparison.Ordinal))).Take(2).ToList();
        if (summoned.Count == 0)
        {
            summoned.Add(offices[1]);
        }

        if (township.SummonsParentDepartments && random.NextDouble() < 0.3)
        {
            summoned.Add(organization.Department(category.Departments[0]));
        }

        return summoned;
    }

    /// <summary>Plays every summons in time order; returns when the last report came in, or null if one is still open.</summary>
    private DateTimeOffset? PlaySummonses(Case @case, Whistle whistle, IReadOnlyList<Department> departments, LiveWhistle? live)
    {
        var plan = new List<(DateTimeOffset At, int Order, Action Act)>();
        var allReported = true;
        DateTimeOffset last = whistle.BlownAt;
        for (var i = 0; i < whistle.Summonses.Count; i++)
        {
            var summons = whistle.Summonses[i];
            var staffed = organization.Staff.Count(s => s.DepartmentId == departments[i].Id);
            var actor = ActorFor(organization.StaffOf(departments[i], random.Next(staffed)));
            double? ackMinutes = live is not null ? live.AcknowledgeAfterMinutes[i] : LogNormalMinutes(median: 6, spread: 0.8);
            double? onSiteMinutes = live is not null ? live.OnSiteAfterMinutes[i] : random.Next(15, 75);
            if (ackMinutes is null)
            {
                allReported = false;
                continue;
            }

            var ackAt = whistle.BlownAt + TimeSpan.FromMinutes(ackMinutes.Value);
            plan.Add((ackAt, 0, () => whistle.Acknowledge(summons.Id, @case, actor, ackAt)));
            if (onSiteMinutes is null)
            {
                allReported = false;
                continue;
            }

            var onSiteAt = ackAt + TimeSpan.FromMinutes(onSiteMinutes.Value);
            plan.Add((onSiteAt, 1, () => whistle.MarkOnSite(summons.Id, @case, actor, onSiteAt)));
            var reportAt = onSiteAt + Minutes(60, 20 * 60);
            plan.Add((reportAt, 2, () => whistle.Report(summons.Id, "已到场核实情况并提出处理意见，相关问题已落实整改。", @case, actor, reportAt)));
            last = reportAt > last ? reportAt : last;
        }

        foreach (var (at, _, act) in plan.OrderBy(p => p.At).ThenBy(p => p.Order))
        {
            EscalateUntil(@case, whistle, at > now ? now : at);
            if (at > now)
            {
                allReported = false;
                break;
            }

            act();
        }

        EscalateUntil(@case, whistle, now);
        return allReported ? last + Minutes(10, 120) : null;
    }

    /// <summary>Takes each escalation step at its own due time, as the scheduler would have.</summary>
    private static void EscalateUntil(Case @case, Whistle whistle, DateTimeOffset until)
    {
        while (whistle.NextEscalationAt() is { } next && next <= until)
        {
            foreach (var summons in whistle.Summonses.ToList())
            {
                whistle.Escalate(summons.Id, @case, next);
            }
        }
    }

    private bool Advance(ref DateTimeOffset t, TimeSpan by)
    {
        t += by;
        return t <= now;
    }

    private TimeSpan Minutes(int min, int max) => TimeSpan.FromMinutes(random.Next(min, max));

    private double LogNormalMinutes(double median, double spread)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        return Math.Clamp(median * Math.Exp(spread * normal), 0.5, 120);
    }

    private T Weighted<T>(IReadOnlyList<T> items, Func<T, int> weight)
    {
        var roll = random.Next(items.Sum(weight));
        foreach (var item in items)
        {
            roll -= weight(item);
            if (roll < 0)
            {
                return item;
            }
        }

        return items[^1];
    }

    private static Actor ActorFor(Staff staff) => new(staff.Id, staff.DisplayName);
}
