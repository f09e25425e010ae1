using Dispatch.Domain.Organization;

namespace Dispatch.Domain.Common;

/// <summary>The signed-in person acting, as the server knows them from their claims.</summary>
public sealed record Operator(Guid StaffId, string Name, StaffRole Role, Guid? DepartmentId)
{
    public Actor Actor => new(StaffId, Name);

    /// <summary>
    /// The center the person works for, from the server-issued claim; every signed-in user has
    /// one. Null only for callers inside the server (jobs, tests), which act for the county.
    /// </summary>
    public Guid? CenterId { get; init; }
}

/// <summary>Someone tried to do what their role or department does not allow.</summary>
public sealed class AccessDeniedException(string message) : Exception(message);

/// <summary>
/// Who may do what. Checked on the server by every use case, whatever the page showed: the UI
/// hides what a role cannot do, but this is what stops it.
/// </summary>
public static class Permissions
{
    /// <summary>Blow whistles, urge, settle declines, close whistles: the center's command staff.</summary>
    public static void EnsureCanCommand(Operator user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Role is not (StaffRole.Director or StaffRole.Dispatcher))
        {
            throw new AccessDeniedException($"{Labels.Of(user.Role)}不能发起或指挥吹哨，此操作仅限中心主任和调度员。");
        }
    }

    /// <summary>Acknowledge, go on site, report, decline: staff of the summoned department only.</summary>
    public static void EnsureCanAnswer(Operator user, Whistles.Summons summons)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(summons);
        if (user.Role != StaffRole.DepartmentStaff || user.DepartmentId is null)
        {
            throw new AccessDeniedException("只有被召集部门的工作人员才能报到、到场、反馈或退回。");
        }

        if (user.DepartmentId != summons.DepartmentId)
        {
            throw new AccessDeniedException($"这是{summons.DepartmentName}的召集，您所在的部门无权处理。");
        }
    }

    /// <summary>Register, reject, route, assess, hand out, follow up and close cases: the center's staff (window clerks are dispatchers).</summary>
    public static void EnsureCanRunCases(Operator user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!CanRunCases(user.Role))
        {
            throw new AccessDeniedException($"{Labels.Of(user.Role)}不能办理案件流转，此操作仅限中心主任、调度（受理）人员和村（社区）调解员。");
        }
    }

    /// <summary>A handling result or a mediation: the center's staff, or staff of the department the case was handed to.</summary>
    public static void EnsureCanHandle(Operator user, Cases.Case @case)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(@case);
        if (CanRunCases(user.Role))
        {
            return;
        }

        if (user.Role != StaffRole.DepartmentStaff || user.DepartmentId is null || user.DepartmentId != @case.AssignedDepartmentId)
        {
            throw new AccessDeniedException($"案件 {@case.Code} 不是交给您所在部门办理的，无权提交办理结果。");
        }
    }

    /// <summary>
    /// A case is within reach when its responsible center is the user's own or one below it
    /// (<see cref="CenterScope"/>); department staff are bound by their department instead, and
    /// <paramref name="scope"/> is null only for callers inside the server.
    /// </summary>
    public static void EnsureInScope(Operator user, Cases.Case @case, CenterScope? scope)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(@case);
        if (scope is not null && user.Role != StaffRole.DepartmentStaff && !scope.Covers(@case.CenterId))
        {
            throw new AccessDeniedException($"案件 {@case.Code} 不归{scope.Own.Name}办理，您无权查看或处理。");
        }
    }

    /// <summary>分流 stays within the user's centers, or hands the case up to the center above (上交).</summary>
    public static void EnsureCanRouteTo(CenterScope? scope, Guid centerId, string centerName)
    {
        if (scope is not null && !CanRouteTo(scope, centerId))
        {
            throw new AccessDeniedException($"只能分流到{scope.Own.Name}及其下级中心，或上交上一级中心，不能分流到「{centerName}」。");
        }
    }

    /// <summary>
    /// 吹哨召集 reaches the departments of the user's centers (a township's 站所, the county's
    /// 职能部门), and a township also reaches the county's departments when its policy allows
    /// (<see cref="CenterNode.SummonsParentDepartments"/>).
    /// </summary>
    public static void EnsureCanSummon(CenterScope? scope, Guid departmentCenterId, string departmentName)
    {
        if (scope is null || CanSummon(scope, departmentCenterId))
        {
            return;
        }

        if (departmentCenterId == scope.Own.ParentId)
        {
            throw new AccessDeniedException($"{scope.Own.Name}的吹哨政策不含召集上级部门，不能召集「{departmentName}」；请把案件上交上级中心，或请系统管理员调整吹哨政策。");
        }

        throw new AccessDeniedException($"「{departmentName}」不属于{scope.Own.Name}，不能召集。");
    }

    /// <summary>Whether a department of <paramref name="departmentCenterId"/> is within the whistle's reach (see <see cref="EnsureCanSummon"/>).</summary>
    public static bool CanSummon(CenterScope scope, Guid departmentCenterId)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Covers(departmentCenterId) || (scope.Own.SummonsParentDepartments && departmentCenterId == scope.Own.ParentId);
    }

    /// <summary>Whether 分流 may go to <paramref name="centerId"/>: one of the user's centers, or the one above (see <see cref="EnsureCanRouteTo"/>).</summary>
    public static bool CanRouteTo(CenterScope scope, Guid centerId)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Covers(centerId) || centerId == scope.Own.ParentId;
    }

    /// <summary>A risk warning is settled by a center only when all its cases are in that center's area; one that reaches beyond it is for the center above.</summary>
    public static void EnsureWarningInScope(CenterScope scope, IEnumerable<Guid> caseCenterIds)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(caseCenterIds);
        if (!caseCenterIds.Any() || !caseCenterIds.All(scope.Covers))
        {
            throw new AccessDeniedException($"该风险预警涉及{scope.Own.Name}辖区以外的案件，由上级中心研判处置。");
        }
    }

    /// <summary>What speaks for the whole county (the daily bulletin): the county center's staff only.</summary>
    public static void EnsureCounty(CenterScope? scope, string what)
    {
        if (scope is { IsCounty: false })
        {
            throw new AccessDeniedException($"{what}由区（县）综治中心发布，{scope.Own.Name}无权操作。");
        }
    }

    /// <summary>Register cases, mediate, route, assess and close: a center's directors and dispatchers (window clerks), and a village's mediators.</summary>
    public static bool CanRunCases(StaffRole role) => role is StaffRole.Director or StaffRole.Dispatcher or StaffRole.Mediator;

    /// <summary>上报事件 from the field: grid workers, to their own village center.</summary>
    public static void EnsureCanReportFromField(Operator user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Role != StaffRole.GridWorker || user.CenterId is null)
        {
            throw new AccessDeniedException("只有网格员可以从手机上报事件。");
        }
    }

    /// <summary>Escalation policies and other settings: administrators.</summary>
    public static void EnsureCanAdminister(Operator user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Role != StaffRole.Admin)
        {
            throw new AccessDeniedException("只有系统管理员才能修改预警规则。");
        }
    }

    /// <summary>上岗/离岗: department staff, for themselves only.</summary>
    public static Guid EnsureCanGoOnDuty(Operator user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Role == StaffRole.DepartmentStaff && user.DepartmentId is { } departmentId
            ? departmentId
            : throw new AccessDeniedException("只有部门工作人员需要上岗、离岗。");
    }

    /// <summary>The duty roster (值班表) is kept by the center: directors, dispatchers and administrators.</summary>
    public static void EnsureCanPlanDuty(Operator user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Role is not (StaffRole.Director or StaffRole.Dispatcher or StaffRole.Admin))
        {
            throw new AccessDeniedException("值班表由中心主任、调度员或系统管理员编排。");
        }
    }

    public static bool CanPlanDuty(StaffRole role) => role is StaffRole.Director or StaffRole.Dispatcher or StaffRole.Admin;

    public static bool CanCommand(StaffRole role) => role is StaffRole.Director or StaffRole.Dispatcher;
}
