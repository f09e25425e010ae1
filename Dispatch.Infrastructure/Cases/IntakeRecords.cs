using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dispatch.Infrastructure.Cases;

/// <summary>
/// One API request that created a case, by client and <c>Idempotency-Key</c>: a retry with the
/// same key gets the first answer back instead of a second case. Written in the same
/// transaction as the case, so the two can never disagree.
/// </summary>
public sealed class IdempotencyRecord
{
    public required string ClientName { get; init; }

    public required string Key { get; init; }

    /// <summary>SHA-256 of the request body: the same key with a different body is refused.</summary>
    public required string RequestHash { get; init; }

    public required Guid CaseId { get; init; }

    public required string CaseCode { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A file handed in with a case (a letter's scan, a photo, a contract), kept in the database with the case.</summary>
public sealed class CaseAttachment
{
    public const int MaxBytes = Domain.Cases.AttachmentRules.MaxBytes;
    public const int MaxPerCase = Domain.Cases.AttachmentRules.MaxPerCase;

    public required Guid Id { get; init; }

    public required Guid CaseId { get; init; }

    public required string FileName { get; init; }

    public required string ContentType { get; init; }

    public required long Length { get; init; }

    public required byte[] Content { get; init; }

    public required DateTimeOffset UploadedAt { get; init; }

    public required string UploadedBy { get; init; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("IdempotencyRecords");
        builder.HasKey(r => new { r.ClientName, r.Key });
        builder.HasIndex(r => r.CreatedAt);
    }
}

internal sealed class CaseAttachmentConfiguration : IEntityTypeConfiguration<CaseAttachment>
{
    public void Configure(EntityTypeBuilder<CaseAttachment> builder)
    {
        builder.ToTable("CaseAttachments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.HasIndex(a => a.CaseId);
        builder.HasOne<Domain.Cases.Case>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
