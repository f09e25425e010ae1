using Dispatch.Domain.Organization;
using Dispatch.Domain.Presence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dispatch.Infrastructure.Persistence.Configurations;

internal sealed class DutyShiftConfiguration : IEntityTypeConfiguration<DutyShift>
{
    public void Configure(EntityTypeBuilder<DutyShift> builder)
    {
        builder.ToTable("DutyShifts");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Ignore(s => s.DomainEvents);
        builder.Ignore(s => s.IsOpen);
        builder.Property(s => s.StaffName).IsRequired();

        // At most one open shift per person, even when two terminals press 上岗 at once.
        builder.HasIndex(s => s.StaffId).IsUnique().HasFilter("\"EndedAt\" IS NULL").HasDatabaseName("IX_DutyShifts_Open");
        builder.HasIndex(s => new { s.DepartmentId, s.StartedAt });
        builder.HasOne<Staff>().WithMany().HasForeignKey(s => s.StaffId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Department>().WithMany().HasForeignKey(s => s.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RosterEntryConfiguration : IEntityTypeConfiguration<RosterEntry>
{
    public void Configure(EntityTypeBuilder<RosterEntry> builder)
    {
        builder.ToTable("DutyRoster");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasIndex(r => new { r.Day, r.DepartmentId, r.StaffId }).IsUnique();
        builder.HasOne<Staff>().WithMany().HasForeignKey(r => r.StaffId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Department>().WithMany().HasForeignKey(r => r.DepartmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
