using System.Text.Json;
using Dispatch.Domain.Reports;
using Dispatch.Domain.Risk;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dispatch.Infrastructure.Persistence.Configurations;

internal sealed class BulletinConfiguration : IEntityTypeConfiguration<Bulletin>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Bulletin> builder)
    {
        builder.ToTable("Bulletins");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Ignore(b => b.DomainEvents);

        // One bulletin per day, even when two nodes compose it at 17:00 together.
        builder.HasIndex(b => b.Day).IsUnique();
        builder.Property(b => b.Number).IsRequired();
        builder.Property(b => b.Title).IsRequired();
        builder.Property(b => b.Text).IsRequired();

        // The composed content is a document: kept whole as JSON, read back as it was published.
        builder.Property(b => b.Content)
            .HasColumnName("ContentJson")
            .HasConversion(
                c => JsonSerializer.Serialize(c, Json),
                s => JsonSerializer.Deserialize<BulletinContent>(s, Json)!,
                new ValueComparer<BulletinContent>((a, b) => ReferenceEquals(a, b), c => c.GetHashCode(), c => c))
            .IsRequired();
    }
}

internal sealed class RiskRuleConfiguration : IEntityTypeConfiguration<RiskRule>
{
    public void Configure(EntityTypeBuilder<RiskRule> builder)
    {
        builder.ToTable("RiskRules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Name).IsRequired();
        builder.Property(r => r.UpdatedBy).IsRequired();
    }
}

internal sealed class RiskWarningConfiguration : IEntityTypeConfiguration<RiskWarning>
{
    public void Configure(EntityTypeBuilder<RiskWarning> builder)
    {
        builder.ToTable("RiskWarnings");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).ValueGeneratedNever();
        builder.Ignore(w => w.DomainEvents);
        builder.Ignore(w => w.IsOpen);
        builder.Property(w => w.RuleName).IsRequired();
        builder.Property(w => w.Key).IsRequired();
        builder.Property(w => w.Summary).IsRequired();

        // The cases behind a warning, as one text column on both databases (a PostgreSQL array would differ from SQLite).
        builder.Property<List<Guid>>("_caseIds")
            .HasColumnName("CaseIds")
            .HasConversion(
                ids => string.Join(',', ids.Select(i => i.ToString("N"))),
                text => text.Length == 0 ? new List<Guid>() : text.Split(',', StringSplitOptions.None).Select(Guid.Parse).ToList(),
                new ValueComparer<List<Guid>>((a, b) => a!.SequenceEqual(b!), l => l.Count, l => l.ToList()))
            .IsRequired();
        builder.Ignore(w => w.CaseIds);
        builder.HasIndex(w => new { w.RuleId, w.Key, w.RaisedAt });
        builder.HasIndex(w => w.Status);

        // At most one open warning per rule and place, whichever node evaluates the rules.
        builder.HasIndex(w => new { w.RuleId, w.Key }).IsUnique().HasFilter("\"Status\" = 1").HasDatabaseName("IX_RiskWarnings_Open");
        builder.HasIndex(w => w.LetterDepartmentId);
    }
}
