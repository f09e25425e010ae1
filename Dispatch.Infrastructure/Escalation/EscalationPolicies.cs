using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Escalation;

/// <summary>The outcome of saving a policy: its id, or every problem found.</summary>
public sealed record PolicySaveResult(Guid? Id, IReadOnlyList<string> Problems)
{
    public bool Saved => Id is not null;
}

/// <summary>Administrators list, create and edit escalation policies; whistles take the default.</summary>
public sealed class EscalationPolicies(UnitOfWork unitOfWork, IDbContextFactory<DispatchDbContext> factory, TimeProvider clock, WorkingCalendar calendar, Security.AuditTrail audit)
{
    public async Task<IReadOnlyList<EscalationPolicyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Set<EscalationPolicyRecord>().AsNoTracking().OrderByDescending(p => p.IsDefault).ThenBy(p => p.Name).ToListAsync(cancellationToken);
    }

    /// <summary>The policy a new whistle freezes: the default one, or the built-in standard when none is kept.</summary>
    public static async Task<EscalationPolicy> DefaultAsync(DispatchDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var stored = await db.Set<EscalationPolicyRecord>().AsNoTracking().FirstOrDefaultAsync(p => p.IsDefault, cancellationToken);
        return stored?.Policy ?? EscalationPolicy.Standard;
    }

    /// <summary>Validates against the response presets and saves; returns the problems instead when there are any.</summary>
    public async Task<PolicySaveResult> SaveAsync(Operator user, Guid? id, string name, IReadOnlyList<EscalationStep> steps, bool isDefault, EscalationAction? whenNobodyPresent = null, CancellationToken cancellationToken = default)
    {
        Permissions.EnsureCanAdminister(user);
        ArgumentNullException.ThrowIfNull(steps);
        var problems = EscalationPolicy.Validate(steps, ResponsePolicy.Presets, calendar).ToList();
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Insert(0, "请填写预警规则名称");
        }

        if (whenNobodyPresent is { } action && !Enum.IsDefined(action))
        {
            problems.Add($"无人在岗时的处置动作未知（{(int)action}）");
        }

        if (problems.Count > 0)
        {
            return new PolicySaveResult(null, problems);
        }

        var policy = new EscalationPolicy(name, steps) { WhenNobodyPresent = whenNobodyPresent };
        try
        {
            var savedId = await unitOfWork.ExecuteAsync(async db =>
            {
                var set = db.Set<EscalationPolicyRecord>();
                var record = id is { } existing
                    ? await set.FirstOrDefaultAsync(p => p.Id == existing, cancellationToken).OrNotFound("该预警规则")
                    : set.Add(new EscalationPolicyRecord { Id = Guid.CreateVersion7(), Policy = policy, Name = policy.Name, UpdatedBy = user.Name }).Entity;
                if (await set.AnyAsync(p => p.Name == policy.Name && p.Id != record.Id, cancellationToken))
                {
                    throw new DomainException($"已有名为「{policy.Name}」的预警规则，请换一个名称。");
                }

                var before = id is null ? null : new { record.Name, record.IsDefault, record.Policy.Steps, record.Policy.WhenNobodyPresent };
                record.Policy = policy;
                record.Name = policy.Name;
                record.UpdatedAt = clock.GetUtcNow();
                record.UpdatedBy = user.Name;
                if (isDefault)
                {
                    await set.Where(p => p.IsDefault && p.Id != record.Id).ForEachAsync(p => p.IsDefault = false, cancellationToken);
                }

                record.IsDefault = isDefault || record.IsDefault;
                db.AuditEntries.Add(audit.Entry(
                    Security.AuditKind.EscalationPolicyChanged, await Security.AuditTrail.LoginOfAsync(db, user, cancellationToken), policy.Name,
                    id is null ? $"新建超时预警规则「{policy.Name}」。" : $"修改超时预警规则「{policy.Name}」。",
                    before, new { record.Name, record.IsDefault, policy.Steps, policy.WhenNobodyPresent }));
                return record.Id;
            }, cancellationToken);
            return new PolicySaveResult(savedId, []);
        }
        catch (DomainException ex)
        {
            return new PolicySaveResult(null, [ex.Message]);
        }
    }
}
