using Dispatch.Domain.Cases;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Presence;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence.Configurations;
using Dispatch.Infrastructure.Security;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Persistence;

/// <summary>
/// The source of truth. One model for SQLite (embedded) and PostgreSQL (servers). It also keeps
/// the data-protection key ring, so every node signs and reads the same cookies.
/// </summary>
public class DispatchDbContext : IdentityUserContext<StaffAccount, Guid>, IDataProtectionKeyContext
{
    public DispatchDbContext(DbContextOptions<DispatchDbContext> options)
        : base(options)
    {
    }

    /// <summary>For tests that need a deliberately different model (the schema-drift proof).</summary>
    protected DispatchDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>Shadow concurrency token on cases, whistles and summonses.</summary>
    public const string Version = "Version";

    public DbSet<Center> Centers => Set<Center>();

    public DbSet<Department> Departments => Set<Department>();

    public DbSet<Staff> Staff => Set<Staff>();

    public DbSet<Case> Cases => Set<Case>();

    public DbSet<Whistle> Whistles => Set<Whistle>();

    public DbSet<Summons> Summonses => Set<Summons>();

    public DbSet<DutyShift> DutyShifts => Set<DutyShift>();

    public DbSet<RosterEntry> Roster => Set<RosterEntry>();

    public DbSet<Cases.IdempotencyRecord> IdempotencyRecords => Set<Cases.IdempotencyRecord>();

    public DbSet<Cases.CaseAttachment> CaseAttachments => Set<Cases.CaseAttachment>();

    public DbSet<Domain.Reports.Bulletin> Bulletins => Set<Domain.Reports.Bulletin>();

    public DbSet<Domain.Risk.RiskRule> RiskRules => Set<Domain.Risk.RiskRule>();

    public DbSet<Domain.Risk.RiskWarning> RiskWarnings => Set<Domain.Risk.RiskWarning>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Escalation.EscalationWakeUp> EscalationWakeUps => Set<Escalation.EscalationWakeUp>();

    public DbSet<Security.SignInSession> SignInSessions => Set<Security.SignInSession>();

    public DbSet<Security.AuditEntry> AuditEntries => Set<Security.AuditEntry>();

    public DbSet<Domain.Messaging.TextMessage> TextMessages => Set<Domain.Messaging.TextMessage>();

    public DbSet<Messaging.PhoneLink> PhoneLinks => Set<Messaging.PhoneLink>();

    internal DbSet<CaseCodeCounter> CaseCodeCounters => Set<CaseCodeCounter>();

    internal DbSet<FollowUpRow> FollowUpRows => Set<FollowUpRow>();

    internal DbSet<ReportDay> ReportDays => Set<ReportDay>();

    /// <summary>
    /// Whether a save updates the reports' daily counts (<see cref="ReportDay"/>). Off only for a
    /// bulk load that rebuilds them afterwards (the demo seeder).
    /// </summary>
    internal bool KeepTallies { get; set; } = true;

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    /// <summary>
    /// Set by the unit of work: the domain events of a successful save are kept in
    /// <see cref="HeldEvents"/> instead of being published at once, so it publishes them after its
    /// commit and after leaving the write gate (a subscriber that writes must not wait on it).
    /// </summary>
    internal bool HoldEvents { get; set; }

    internal List<Domain.Common.IDomainEvent> HeldEvents { get; } = [];

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(DispatchDbContext).Assembly);
        builder.Entity<Escalation.EscalationWakeUp>(wakeUp =>
        {
            wakeUp.HasKey(w => w.WhistleId);
            wakeUp.Property(w => w.WhistleId).ValueGeneratedNever();
        });
        builder.Entity<StaffAccount>().HasOne<Staff>().WithOne().HasForeignKey<StaffAccount>(a => a.Id).OnDelete(DeleteBehavior.Cascade);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset in SQL; as UTC ticks it can. UTC ticks
        // (not DateTimeOffsetToBinaryConverter, which keeps local ticks) so that a parameter in
        // China time compares correctly with stored UTC values.
        if (IsSqlite)
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
    }
}
