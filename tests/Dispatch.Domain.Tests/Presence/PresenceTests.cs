using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Presence;
using Dispatch.Domain.Whistles;
using static Dispatch.Domain.Tests.Builders;

namespace Dispatch.Domain.Tests.Presence;

public sealed class PresenceTests
{
    private static readonly Guid CenterId = Guid.NewGuid();
    private static readonly Department HousingDepartment = Department.Create(Housing.Id, "区住房和城乡建设局", "住建局", CenterId);
    private static readonly Staff Wang = Staff.Create(Guid.NewGuid(), "zjj01", "王建军", StaffRole.DepartmentStaff, CenterId, Housing.Id);
    private static readonly Staff Zhao = Staff.Create(Guid.NewGuid(), "zjj02", "赵丽", StaffRole.DepartmentStaff, CenterId, Housing.Id);
    private static readonly Staff Liu = Staff.Create(Guid.NewGuid(), "rsj01", "刘洋", StaffRole.DepartmentStaff, CenterId, Labour.Id);

    [Fact]
    public void Going_on_and_off_duty_opens_and_closes_a_shift_with_events()
    {
        var shift = DutyShift.Start(Guid.NewGuid(), Wang, null, Monday9);
        shift.End(Monday9.AddHours(8));

        shift.IsOpen.ShouldBeFalse();
        shift.DepartmentId.ShouldBe(Housing.Id);
        shift.DomainEvents.OfType<DutyChanged>().Select(e => e.OnDuty).ShouldBe([true, false]);
    }

    [Fact]
    public void Going_on_duty_twice_or_off_duty_twice_is_refused_in_words()
    {
        var open = DutyShift.Start(Guid.NewGuid(), Wang, null, Monday9);

        Should.Throw<DomainException>(() => DutyShift.Start(Guid.NewGuid(), Wang, open, Monday9.AddMinutes(5)))
            .Message.ShouldBe("王建军已于 2026-11-16 09:00 上岗，无需重复上岗。");
        open.End(Monday9.AddHours(1));
        Should.Throw<DomainException>(() => open.End(Monday9.AddHours(2))).Message.ShouldContain("已于 2026-11-16 10:00 离岗");
    }

    [Fact]
    public void Only_department_staff_go_on_duty()
    {
        var director = Staff.Create(Guid.NewGuid(), "director", "张主任", StaffRole.Director, CenterId);

        Should.Throw<DomainException>(() => DutyShift.Start(Guid.NewGuid(), director, null, Monday9)).Message.ShouldContain("只有部门工作人员");
    }

    [Fact]
    public void A_roster_takes_only_the_department_s_own_staff_once_each_within_reach()
    {
        var today = DateOnly.FromDateTime(Monday9.Date);
        var staff = new[] { Wang, Zhao, Liu };

        DutyRoster.Plan(HousingDepartment, today, [Wang.Id, Zhao.Id], staff, today).Select(r => r.StaffId).ShouldBe([Wang.Id, Zhao.Id]);
        Should.Throw<DomainException>(() => DutyRoster.Plan(HousingDepartment, today, [Liu.Id], staff, today)).Message.ShouldContain("不属于住建局");
        Should.Throw<DomainException>(() => DutyRoster.Plan(HousingDepartment, today, [Wang.Id, Wang.Id], staff, today)).Message.ShouldContain("只需排一次");
        Should.Throw<DomainException>(() => DutyRoster.Plan(HousingDepartment, today.AddDays(100), [Wang.Id], staff, today)).Message.ShouldContain("超出范围");
    }

    private static Dictionary<Guid, (Guid, string)> Directory() => new()
    {
        [Wang.Id] = (Housing.Id, Wang.DisplayName),
        [Zhao.Id] = (Housing.Id, Zhao.DisplayName),
        [Liu.Id] = (Labour.Id, Liu.DisplayName),
    };

    [Fact]
    public void The_board_shows_present_offline_scheduled_and_absent_per_department()
    {
        var today = DateOnly.FromDateTime(Monday9.Date);
        var roster = new[] { RosterEntry.Create(Guid.NewGuid(), today, Housing.Id, Wang.Id), RosterEntry.Create(Guid.NewGuid(), today, Housing.Id, Zhao.Id) };
        var presence = new PresenceReading(new Dictionary<Guid, IReadOnlySet<Guid>> { [Housing.Id] = new HashSet<Guid> { Wang.Id } });

        var board = DutyBoard.Compose([(Housing.Id, "住建局"), (Labour.Id, "人社局")], Directory(), presence, [Wang.Id, Zhao.Id], roster);

        var housing = board[0];
        housing.Known.ShouldBeTrue();
        housing.Present.Select(p => p.Name).ShouldBe(["王建军"]);
        housing.OnDutyOffline.Select(p => p.Name).ShouldBe(["赵丽"]);
        housing.AbsentAgainstRoster.Select(p => p.Name).ShouldBe(["赵丽"]);
        housing.NobodyPresent.ShouldBeFalse();
        board[1].NobodyPresent.ShouldBeTrue();
    }

    [Fact]
    public void Presence_needs_both_the_open_shift_and_a_live_terminal_and_ignores_strangers()
    {
        var stranger = Guid.NewGuid();
        var presence = new PresenceReading(new Dictionary<Guid, IReadOnlySet<Guid>>
        {
            [Housing.Id] = new HashSet<Guid> { Zhao.Id, stranger, Liu.Id },
        });

        var board = DutyBoard.Compose([(Housing.Id, "住建局")], Directory(), presence, [Liu.Id, stranger], []);

        board[0].Present.ShouldBeEmpty();
        board[0].NobodyPresent.ShouldBeTrue();
    }

    [Fact]
    public void Unknown_presence_is_not_nobody_and_counts_nobody_absent()
    {
        var today = DateOnly.FromDateTime(Monday9.Date);
        var roster = new[] { RosterEntry.Create(Guid.NewGuid(), today, Housing.Id, Wang.Id) };

        var board = DutyBoard.Compose([(Housing.Id, "住建局")], Directory(), PresenceReading.Unknown, [Wang.Id], roster);

        board[0].Known.ShouldBeFalse();
        board[0].NobodyPresent.ShouldBeFalse();
        board[0].Scheduled.Select(p => p.Name).ShouldBe(["王建军"]);
        board[0].AbsentAgainstRoster.ShouldBeEmpty();
    }

    [Fact]
    public void Blowing_on_a_department_with_nobody_present_takes_the_policy_s_action_at_once_and_only_there()
    {
        var @case = CaseInHandling(Monday9);
        var whistle = Whistle.Blow(Guid.NewGuid(), @case, [Housing, Labour], ResponsePolicy.Normal, EscalationPolicy.Standard, null,
            WorkingCalendar.WeekendsOnly, Director, Monday9, nobodyPresent: new HashSet<Guid> { Housing.Id });

        var housing = whistle.CurrentSummonsOf(Housing.Id)!;
        housing.UrgeCount.ShouldBe(1);
        housing.Escalations.Single().StepKey.ShouldBe("Acknowledge@0%:UrgeDepartmentHead");
        whistle.CurrentSummonsOf(Labour.Id)!.UrgeCount.ShouldBe(0);
        whistle.DomainEvents.OfType<UrgeSent>().Single().Note.ShouldBe("吹哨时部门无人在岗");
        @case.Timeline.Select(t => t.Action).ShouldContain("无人在岗");

        // The policy's own steps still run later, and the at-once step is never taken again.
        var later = whistle.Escalate(housing.Id, @case, Monday9.AddHours(3));
        later.ShouldNotContain(d => d.Step.IsNobodyPresent);
    }

    [Fact]
    public void A_policy_without_a_nobody_present_action_only_notes_it()
    {
        var @case = CaseInHandling(Monday9);
        var lenient = new EscalationPolicy("宽松", EscalationPolicy.Standard.Steps);

        var whistle = Whistle.Blow(Guid.NewGuid(), @case, [Housing], ResponsePolicy.Normal, lenient, null,
            WorkingCalendar.WeekendsOnly, Director, Monday9, nobodyPresent: new HashSet<Guid> { Housing.Id });

        whistle.CurrentSummonsOf(Housing.Id)!.Escalations.ShouldBeEmpty();
        @case.Timeline[^1].Note.ShouldBe("吹哨时住建局无人在岗");
    }

    [Fact]
    public void An_unknown_nobody_present_action_is_refused()
    {
        Should.Throw<DomainException>(() => new EscalationPolicy("坏", EscalationPolicy.Standard.Steps) { WhenNobodyPresent = (EscalationAction)42 })
            .Message.ShouldContain("无人在岗处置动作未知");
    }
}
