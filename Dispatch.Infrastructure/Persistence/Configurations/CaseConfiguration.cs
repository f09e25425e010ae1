using Dispatch.Domain.Cases;
using Dispatch.Domain.Organization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dispatch.Infrastructure.Persistence.Configurations;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    private sealed record StoredParty(string Name, string? Phone, string? IdNumber);

    public void Configure(EntityTypeBuilder<Case> builder)
    {
        builder.ToTable("Cases");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property<int>(DispatchDbContext.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.Code).IsUnique();
        builder.HasIndex(c => c.Status);
        builder.HasIndex(c => c.ReceivedAt);
        builder.HasIndex(c => c.ClosedAt);
        builder.HasIndex(c => c.DueAt);
        builder.HasIndex(c => c.ResultAt);
        builder.HasIndex(c => c.RaisedFromCenterId);
        builder.HasIndex(c => c.VillageId);
        builder.HasOne<Center>().WithMany().HasForeignKey(c => c.CenterId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(c => c.IsOpen);
        builder.Ignore(c => c.AwaitsReceivingCenter);
        builder.Ignore(c => c.DomainEvents);

        var parties = JsonColumn.Converter<IReadOnlyList<Party>, List<StoredParty>>(
            list => [.. list.Select(p => new StoredParty(p.Name, p.Phone, p.IdNumber))],
            stored => [.. stored.Select(p => Party.Create(p.Name, p.Phone, p.IdNumber))]);
        builder.Property(c => c.Parties)
            .HasField("_parties")
            .UsePropertyAccessMode(PropertyAccessMode.Field)
            .HasConversion(parties, JsonColumn.Comparer(parties));

        builder.OwnsMany(c => c.Timeline, timeline =>
        {
            timeline.ToTable("CaseTimeline");
            timeline.WithOwner().HasForeignKey("CaseId");
            timeline.HasKey("CaseId", nameof(TimelineEntry.Sequence));
            timeline.Property(t => t.Sequence).ValueGeneratedNever();
        });
        builder.Navigation(c => c.Timeline).HasField("_timeline").UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsMany(c => c.FollowUps, followUps =>
        {
            followUps.ToTable("CaseFollowUps");
            followUps.WithOwner().HasForeignKey("CaseId");
            followUps.HasKey("CaseId", nameof(FollowUp.Sequence));
            followUps.Property(f => f.Sequence).ValueGeneratedNever();
            followUps.HasIndex(f => f.At);
        });
        builder.Navigation(c => c.FollowUps).HasField("_followUps").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

/// <summary>The last serial issued per center and year; only ever incremented in SQL (see CaseCodeAllocator).</summary>
internal sealed class CaseCodeCounter
{
    public required string CenterCode { get; init; }

    public required int Year { get; init; }

    public long LastSerial { get; set; }
}

internal sealed class CaseCodeCounterConfiguration : IEntityTypeConfiguration<CaseCodeCounter>
{
    public void Configure(EntityTypeBuilder<CaseCodeCounter> builder)
    {
        builder.ToTable("CaseCodeCounters");
        builder.HasKey(c => new { c.CenterCode, c.Year });
    }
}
