using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Whistles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Tests.Shared;

/// <summary>What tests do to a running demo app through its own services: blow a whistle, look up ids.</summary>
public static class DemoActions
{
    /// <summary>The director blows an urgent whistle on a handling case with no running whistle.</summary>
    public static async Task<Guid> BlowAsync(IServiceProvider services, string department, string message = "test")
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var db = await services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        var director = await db.Staff.SingleAsync(s => s.UserName == "director");
        var busy = await db.Whistles.Where(w => w.Status == WhistleStatus.Open).Select(w => w.CaseId).ToListAsync();
        var caseId = await db.Cases
            .Where(c => c.Status == Domain.Cases.CaseStatus.Handling && !busy.Contains(c.Id))
            .OrderByDescending(c => c.ReceivedAt).Select(c => c.Id).FirstAsync();
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
        return new Operator(staff.Id, staff.DisplayName, staff.Role, staff.DepartmentId);
    }

    public static async Task<Guid> DepartmentIdAsync(IServiceProvider services, string shortName)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var db = await services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        return await db.Departments.Where(d => d.ShortName == shortName).Select(d => d.Id).SingleAsync();
    }

    public static async Task<Guid> SummonsIdAsync(IServiceProvider services, Guid whistleId, string department)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var db = await services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        return (await db.Whistles.SingleAsync(w => w.Id == whistleId)).Summonses.Single(s => s.DepartmentName == department).Id;
    }
}
