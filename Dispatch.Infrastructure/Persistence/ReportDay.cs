using Dispatch.Domain.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dispatch.Infrastructure.Persistence;

/// <summary>
/// One line of the daily counts the reports sum (<see cref="TallyKey"/>, <see cref="TallyCounts"/>):
/// kept current by the transaction that changes a case (<see cref="ReportTallyChanges"/>), checked
/// against the rows by a nightly job (<see cref="Reports.ReportTallyBuilder"/>).
/// </summary>
internal sealed class ReportDay
{
    public Guid Scope { get; set; }

    public DateOnly Day { get; set; }

    public TallyKind Kind { get; set; }

    public string Key { get; set; } = string.Empty;

    public int Received { get; set; }

    public int AcceptedInTime { get; set; }

    public int Closed { get; set; }

    public int ClosedAtVillage { get; set; }

    public int ClosedAtTownship { get; set; }

    public int ClosedAtCounty { get; set; }

    public int Due { get; set; }

    public int DueClosedInTime { get; set; }

    public int DueResultInTime { get; set; }

    public int Results { get; set; }

    public int FollowUps { get; set; }

    public int Satisfied { get; set; }

    public int Dissatisfied { get; set; }

    public TallyKey TallyKey => new(Scope, Day, Kind, Key);

    public TallyCounts Counts => new(Received, AcceptedInTime, Closed, ClosedAtVillage, ClosedAtTownship, ClosedAtCounty, Due, DueClosedInTime, DueResultInTime, Results, FollowUps, Satisfied, Dissatisfied);

    public static ReportDay From(TallyKey key, TallyCounts c) => new()
    {
        Scope = key.Scope,
        Day = key.Day,
        Kind = key.Kind,
        Key = key.Key,
        Received = c.Received,
        AcceptedInTime = c.AcceptedInTime,
        Closed = c.Closed,
        ClosedAtVillage = c.ClosedAtVillage,
        ClosedAtTownship = c.ClosedAtTownship,
        ClosedAtCounty = c.ClosedAtCounty,
        Due = c.Due,
        DueClosedInTime = c.DueClosedInTime,
        DueResultInTime = c.DueResultInTime,
        Results = c.Results,
        FollowUps = c.FollowUps,
        Satisfied = c.Satisfied,
        Dissatisfied = c.Dissatisfied,
    };

    /// <summary>The counter columns, in the order of <see cref="TallyCounts"/>.</summary>
    public static readonly string[] Counters =
    [
        nameof(Received), nameof(AcceptedInTime), nameof(Closed), nameof(ClosedAtVillage), nameof(ClosedAtTownship), nameof(ClosedAtCounty),
        nameof(Due), nameof(DueClosedInTime), nameof(DueResultInTime), nameof(Results), nameof(FollowUps), nameof(Satisfied), nameof(Dissatisfied),
    ];

    public static int[] Values(TallyCounts c) =>
        [c.Received, c.AcceptedInTime, c.Closed, c.ClosedAtVillage, c.ClosedAtTownship, c.ClosedAtCounty, c.Due, c.DueClosedInTime, c.DueResultInTime, c.Results, c.FollowUps, c.Satisfied, c.Dissatisfied];
}

internal sealed class ReportDayConfiguration : IEntityTypeConfiguration<ReportDay>
{
    public void Configure(EntityTypeBuilder<ReportDay> builder)
    {
        builder.ToTable("ReportDays");
        builder.HasKey(d => new { d.Scope, d.Day, d.Kind, d.Key });
        builder.Ignore(d => d.TallyKey);
        builder.Ignore(d => d.Counts);
    }
}
