using Dispatch.Domain.Cases;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dispatch.Infrastructure.Persistence.Configurations;

internal sealed class WhistleConfiguration : IEntityTypeConfiguration<Whistle>
{
    public void Configure(EntityTypeBuilder<Whistle> builder)
    {
        builder.ToTable("Whistles");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).ValueGeneratedNever();
        builder.Property<int>(DispatchDbContext.Version).IsConcurrencyToken();
        builder.HasIndex(w => w.Status);
        builder.HasIndex(w => w.BlownAt);
        // Covering: the on-site resolution rate over a year is counted from the index alone.
        builder.HasIndex(w => new { w.ClosedAt, w.Outcome, w.WentOnSite });
        builder.HasOne<Case>().WithMany().HasForeignKey(w => w.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(w => w.IsOpen);
        builder.Ignore(w => w.HandledJointlyOnSite);
        builder.Ignore(w => w.DomainEvents);

        // Frozen copies of the policies the whistle was blown under.
        var response = JsonColumn.Converter<ResponsePolicy>();
        builder.Property(w => w.ResponsePolicy).HasConversion(response, JsonColumn.Comparer(response));
        var escalation = JsonColumn.Converter<EscalationPolicy>();
        builder.Property(w => w.EscalationPolicy).HasConversion(escalation, JsonColumn.Comparer(escalation));

        builder.HasMany(w => w.Summonses).WithOne().HasForeignKey(s => s.WhistleId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(w => w.Summonses).HasField("_summonses").UsePropertyAccessMode(PropertyAccessMode.Field).AutoInclude();
    }
}

internal sealed class SummonsConfiguration : IEntityTypeConfiguration<Summons>
{
    public void Configure(EntityTypeBuilder<Summons> builder)
    {
        builder.ToTable("Summonses");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property<int>(DispatchDbContext.Version).IsConcurrencyToken();
        builder.HasIndex(s => new { s.DepartmentId, s.State });
        // Covering: a year's summonses are counted per department, and their acknowledgement
        // times taken, from the index alone.
        builder.HasIndex(s => new { s.SummonedAt, s.State, s.DepartmentId, s.AcknowledgedAt, s.AcknowledgeDueAt, s.OnSiteAt, s.OnSiteDueAt, s.ReportedAt, s.ResultDueAt, s.WhistleClosedAt })
            .HasDatabaseName("IX_Summonses_Report");
        builder.HasOne<Department>().WithMany().HasForeignKey(s => s.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(s => s.IsInProgress);
        builder.Ignore(s => s.NextDeadline);
        builder.Ignore(s => s.TakenStepKeys);

        // The primary key (summons, round, step) is what makes "never the same urge twice" hold
        // across nodes: a second insert of a taken step fails instead of sending again.
        builder.OwnsMany(s => s.Escalations, escalations =>
        {
            escalations.ToTable("SummonsEscalations");
            escalations.WithOwner().HasForeignKey("SummonsId");
            escalations.HasKey("SummonsId", nameof(EscalationRecord.Round), nameof(EscalationRecord.StepKey));
        });
        builder.Navigation(s => s.Escalations).HasField("_escalations").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
