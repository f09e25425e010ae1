using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Infrastructure.Tests.Escalation;

/// <summary>Whistles blown on the real clock, with limits short enough to watch them escalate.</summary>
internal static class LiveWhistles
{
    /// <summary>Acknowledge within 1 minute: 5 % is 3 s, 10 % is 6 s.</summary>
    public static readonly ResponsePolicy OneMinute = new("测试", ResponseLimit.Minutes(1), ResponseLimit.Minutes(2), ResponseLimit.Hours(1));

    public static readonly EscalationPolicy RemindAt3sUrgeAt6s = new("测试预警", [
        EscalationStep.AtPercent(DeadlineKind.Acknowledge, 5, EscalationAction.RemindTerminal),
        EscalationStep.AtPercent(DeadlineKind.Acknowledge, 10, EscalationAction.UrgeDepartmentHead),
    ]);

    public static async Task<Department> SeedCountyAsync(IServiceProvider services)
    {
        var county = Center.CreateCounty(Guid.NewGuid(), "GZ", "甘州区综治中心");
        var department = Department.Create(Guid.NewGuid(), "甘州区住房和城乡建设局", "住建局", county.Id);
        await services.GetRequiredService<UnitOfWork>().ExecuteAsync(db =>
        {
            db.Centers.Add(county);
            db.Departments.Add(department);
            return Task.CompletedTask;
        });
        return department;
    }

    /// <summary>Registers a case and blows a whistle on it, at <paramref name="at"/> (default now).</summary>
    public static Task<(Guid WhistleId, Guid SummonsId)> BlowAsync(IServiceProvider services, Department department, EscalationPolicy? policy = null, DateTimeOffset? at = null) =>
        services.GetRequiredService<UnitOfWork>().ExecuteAsync(async db =>
        {
            var now = at ?? services.GetRequiredService<TimeProvider>().GetUtcNow();
            var county = await db.Centers.SingleAsync(c => c.Level == CenterLevel.County);
            var code = await db.NextAsync("GZ", 2026, CancellationToken.None);
            var @case = Case.Register(Guid.NewGuid(), code, county.Id, new CaseIntake(
                Channel.Hotline12345, CaseCategory.Heating, "小区暖气不热", "室温不足 16 度。", [Party.Create("王某华", "13909361234")],
                null, null, null, now.AddMinutes(-1), TimeSpan.FromDays(1), CenterLevel.County), new Actor(null, "李窗口"), now);
            var whistle = Whistle.Blow(Guid.NewGuid(), @case, [new SummonedDepartment(department.Id, department.ShortName)], OneMinute,
                policy ?? RemindAt3sUrgeAt6s, null, WorkingCalendar.WeekendsOnly, new Actor(null, "张主任"), now);
            db.Cases.Add(@case);
            db.Whistles.Add(whistle);
            return (whistle.Id, whistle.Summonses[0].Id);
        });

    public static async Task<IReadOnlyList<EscalationRecord>> RecordsAsync(IServiceProvider services, Guid whistleId)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        var whistle = await db.Whistles.AsNoTracking().SingleAsync(w => w.Id == whistleId);
        return [.. whistle.Summonses.SelectMany(s => s.Escalations).OrderBy(e => e.DueAt)];
    }

    /// <summary>Polls until <paramref name="done"/> holds or the time is up.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met within {timeout}.");
            }

            await Task.Delay(100);
        }
    }
}
