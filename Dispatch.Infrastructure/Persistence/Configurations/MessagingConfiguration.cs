using Dispatch.Domain.Messaging;
using Dispatch.Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dispatch.Infrastructure.Persistence.Configurations;

internal sealed class TextMessageConfiguration : IEntityTypeConfiguration<TextMessage>
{
    public void Configure(EntityTypeBuilder<TextMessage> builder)
    {
        builder.ToTable("TextMessages");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Ignore(t => t.DomainEvents);
        builder.Property<int>(DispatchDbContext.Version).IsConcurrencyToken();
        builder.Property(t => t.Key).IsRequired();
        builder.Property(t => t.RecipientName).IsRequired();
        builder.Property(t => t.Phone).IsRequired();
        builder.Property(t => t.Text).IsRequired();

        // One text per purpose, subject, step and person, whichever node or job plans it.
        builder.HasIndex(t => t.Key).IsUnique();
        builder.HasIndex(t => new { t.Phone, t.SentAt });
        builder.HasIndex(t => t.WhistleId);
        builder.HasIndex(t => new { t.State, t.NotBefore });
        builder.HasIndex(t => t.ProviderMessageId);
    }
}

internal sealed class PhoneLinkConfiguration : IEntityTypeConfiguration<PhoneLink>
{
    public void Configure(EntityTypeBuilder<PhoneLink> builder)
    {
        builder.ToTable("PhoneLinks");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.HasIndex(l => l.TokenHash).IsUnique();
        builder.HasIndex(l => l.SummonsId);
        builder.HasOne<TextMessage>().WithMany().HasForeignKey(l => l.TextId).OnDelete(DeleteBehavior.Cascade);
    }
}
