using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;

namespace Dispatch.Domain.Tests;

/// <summary>Small builders so each test says only what matters to it.</summary>
internal static class Builders
{
    /// <summary>Monday 2026-11-16 09:00 China time.</summary>
    public static readonly DateTimeOffset Monday9 = new(2026, 11, 16, 9, 0, 0, TimeSpan.FromHours(8));

    public static readonly Actor Director = new(Guid.NewGuid(), "张主任");
    public static readonly Actor Clerk = new(Guid.NewGuid(), "李窗口");
    public static readonly Actor HousingStaff = new(Guid.NewGuid(), "住建局王工");

    public static readonly SummonedDepartment Housing = new(Guid.NewGuid(), "住建局");
    public static readonly SummonedDepartment Labour = new(Guid.NewGuid(), "人社局");
    public static readonly SummonedDepartment Heating = new(Guid.NewGuid(), "热力公司");

    public static CaseIntake Intake(DateTimeOffset receivedAt, CaseCategory category = CaseCategory.Heating) => new(
        Channel.Hotline12345,
        category,
        "小区暖气不热",
        "北环路社区 12 号楼入冬以来室温不足 16 度，多次反映无果。",
        [Party.Create("王某华", "13909361234")],
        null,
        null,
        "北环路社区 12 号楼",
        receivedAt,
        TimeSpan.FromDays(1),
        CenterLevel.County);

    public static Case NewCase(DateTimeOffset? now = null, long serial = 1)
    {
        var at = now ?? Monday9;
        return Case.Register(Guid.NewGuid(), CaseCode.Create("GZ", 2026, serial), Guid.NewGuid(), Intake(at.AddMinutes(-30)), Clerk, at);
    }

    public static Case CaseInHandling(DateTimeOffset now)
    {
        var @case = NewCase(now);
        @case.Route(@case.CenterId, CenterLevel.County, null, "区综治中心", Director, now);
        @case.Assess(RiskLevel.High, null, Director, now);
        @case.StartHandling(now.AddDays(3), null, Director, now);
        return @case;
    }

    public static Whistle Blow(Case @case, DateTimeOffset now, ResponsePolicy? policy = null, EscalationPolicy? escalation = null, params SummonedDepartment[] departments) =>
        Whistle.Blow(
            Guid.NewGuid(),
            @case,
            departments.Length == 0 ? [Housing] : departments,
            policy ?? ResponsePolicy.Normal,
            escalation ?? EscalationPolicy.Standard,
            "请立即到场",
            WorkingCalendar.WeekendsOnly,
            Director,
            now);
}
