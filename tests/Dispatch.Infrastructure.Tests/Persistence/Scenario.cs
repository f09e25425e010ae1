using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Persistence;

namespace Dispatch.Infrastructure.Tests.Persistence;

/// <summary>A minimal county, a case and a whistle, written through the real model.</summary>
internal sealed class Scenario
{
    public static readonly DateTimeOffset Monday9 = new(2026, 11, 16, 9, 0, 0, TimeSpan.FromHours(8));

    public Center County { get; } = Center.CreateCounty(Guid.NewGuid(), "GZ", "甘州区综治中心");

    public Department Housing { get; private set; } = null!;

    public Department Labour { get; private set; } = null!;

    public Guid CaseId { get; private set; }

    public Guid WhistleId { get; private set; }

    public static async Task<Scenario> CreateAsync(TestSupport.TestDatabase database)
    {
        var scenario = new Scenario();
        scenario.Housing = Department.Create(Guid.NewGuid(), "甘州区住房和城乡建设局", "住建局", scenario.County.Id);
        scenario.Labour = Department.Create(Guid.NewGuid(), "甘州区人力资源和社会保障局", "人社局", scenario.County.Id);
        await database.UnitOfWork.ExecuteInOneWriteAsync(async db =>
        {
            db.Centers.Add(scenario.County);
            db.Departments.AddRange(scenario.Housing, scenario.Labour);
            var code = await db.NextAsync("GZ", 2026, CancellationToken.None);
            var @case = Case.Register(Guid.NewGuid(), code, scenario.County.Id, new CaseIntake(
                Channel.Hotline12345, CaseCategory.WageArrears, "农民工工资拖欠", "某工地拖欠 23 名农民工工资 46 万元。",
                [Party.Create("赵某", "13809361111", "11010519491231002X")], null, null, "甘州区工业园区", Monday9.AddMinutes(-10),
                TimeSpan.FromDays(1), CenterLevel.County), new Actor(null, "李窗口"), Monday9);
            @case.Route(scenario.County.Id, CenterLevel.County, null, "区综治中心", new Actor(null, "张主任"), Monday9);
            @case.Assess(RiskLevel.High, null, new Actor(null, "张主任"), Monday9);
            @case.StartHandling(Monday9.AddDays(3), null, new Actor(null, "张主任"), Monday9);
            var whistle = Whistle.Blow(Guid.NewGuid(), @case,
                [new SummonedDepartment(scenario.Housing.Id, "住建局"), new SummonedDepartment(scenario.Labour.Id, "人社局")],
                ResponsePolicy.Normal, EscalationPolicy.Standard, "请立即到场", WorkingCalendar.WeekendsOnly, new Actor(null, "张主任"), Monday9);
            db.Cases.Add(@case);
            db.Whistles.Add(whistle);
            scenario.CaseId = @case.Id;
            scenario.WhistleId = whistle.Id;
            return true;
        });
        return scenario;
    }

    public static async Task<(Case Case, Whistle Whistle)> LoadAsync(DispatchDbContext db, Guid caseId, Guid whistleId) =>
        (await db.Cases.FindAsync(caseId) ?? throw new InvalidOperationException("case missing"),
         await db.Whistles.FindAsync(whistleId) ?? throw new InvalidOperationException("whistle missing"));
}
