using Dispatch.Domain.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dispatch.Infrastructure.Persistence;

/// <summary>
/// A read-only view of the 回访 table (owned by <see cref="Case"/>) for reports, which need a
/// year of follow-ups without joining every one to its case: that join is most of the cost on
/// SQLite (a random lookup by text key per row). Mapped as a keyless view so no migration or
/// <c>EnsureCreated</c> ever touches the table through it.
/// </summary>
internal sealed class FollowUpRow
{
    public Guid CaseId { get; init; }

    public DateTimeOffset At { get; init; }

    public Satisfaction Satisfaction { get; init; }
}

internal sealed class FollowUpRowConfiguration : IEntityTypeConfiguration<FollowUpRow>
{
    public void Configure(EntityTypeBuilder<FollowUpRow> builder)
    {
        builder.HasNoKey();
        builder.ToView("CaseFollowUps");
    }
}
