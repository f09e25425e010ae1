using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Whistles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Tests.Shared;

/// <summary>What tests do to a running demo app through its own services: blow a whistle, look up ids.</summary>
public static class DemoActions
{
    /// <summary>The director blows an urgent whistle on a handling case with no running whistle (a new one when none is left).</summary>
    public static async Task<Guid> BlowAsync(IServiceProvider services, string department, string message = "test")
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var db = await services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        var director = await db.Staff.SingleAsync(s => s.UserName == "director");
        var busy = await db.Whistles.Where(w => w.Status == WhistleStatus.Open).Select(w => w.CaseId).ToListAsync();
        // The demo's open cases in handling, and once tests have used them all (a shared app, a
        // test that blows until it is heard), a new one handed to the department.
        var caseId = await db.Cases
            .Where(c => c.Status == Domain.Cases.CaseStatus.Handling && !busy.Contains(c.Id))
            .OrderByDescending(c => c.ReceivedAt).Select(c => (Guid?)c.Id).FirstOrDefaultAsync()
            ?? await HandCaseToAsync(services, department);
        var departmentId = await DepartmentIdAsync(services, department);
        return await services.GetRequiredService<WhistleCommands>().BlowAsync(
            new Operator(director.Id, director.DisplayName, StaffRole.Director, null), caseId, [departmentId], ResponsePolicy.Urgent, message);
    }

    /// <summary>A demo account as the operator its use cases run as.</summary>
    public static async Task<Operator> OperatorAsync(IServiceProvider services, string userName)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var db = await services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        var staff = await db.Staff.SingleAsync(s => s.UserName == userName);
        return new Operator(staff.Id, staff.DisplayName, staff.Role, staff.DepartmentId) { CenterId = staff.CenterId };
    }

    public static async Task<Guid> DepartmentIdAsync(IServiceProvider services, string shortName)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var db = await services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        return await db.Departments.Where(d => d.ShortName == shortName).Select(d => d.Id).SingleAsync();
    }

    /// <summary>
    /// A new case registered at the county window and handed (交办) to a department, so a test
    /// does not depend on which demo cases happen to be in handling at this time of day.
    /// </summary>
    public static async Task<Guid> HandCaseToAsync(IServiceProvider services, string department)
    {
        ArgumentNullException.ThrowIfNull(services);
        var clerk = await OperatorAsync(services, "clerk");
        var director = await OperatorAsync(services, "director");
        var departmentId = await DepartmentIdAsync(services, department);
        Guid countyId;
        await using (var db = await services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync())
        {
            countyId = await db.Centers.Where(c => c.Level == CenterLevel.County).Select(c => c.Id).SingleAsync();
        }

        var intake = services.GetRequiredService<CaseIntakeCommands>();
        var cases = services.GetRequiredService<CaseCommands>();
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var registered = await intake.RegisterAsync(clerk, new IntakeForm(
            Channel.WalkIn, CaseCategory.WageArrears, "工程款结算后仍拖欠农民工工资", "某工地 6 名工人反映工程结束三个月仍未结清工资，多次讨要未果。",
            [new PartyForm("马某某", phone, null)], "DM", "XX", "新新村工地"), []);
        await cases.RouteAsync(director, registered.Id, countyId, departmentId);
        await cases.AssessAsync(director, registered.Id, RiskLevel.Medium, null);
        await cases.StartHandlingAsync(director, registered.Id, departmentId, 5, "请按职责调查处理，期限内反馈办理结果。");
        return registered.Id;
    }

    public static async Task<Guid> SummonsIdAsync(IServiceProvider services, Guid whistleId, string department)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var db = await services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        return (await db.Whistles.SingleAsync(w => w.Id == whistleId)).Summonses.Single(s => s.DepartmentName == department).Id;
    }
}
