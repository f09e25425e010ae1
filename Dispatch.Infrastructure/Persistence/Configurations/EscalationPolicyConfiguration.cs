using Dispatch.Domain.Escalation;
using Dispatch.Infrastructure.Escalation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dispatch.Infrastructure.Persistence.Configurations;

internal sealed class EscalationPolicyConfiguration : IEntityTypeConfiguration<EscalationPolicyRecord>
{
    public void Configure(EntityTypeBuilder<EscalationPolicyRecord> builder)
    {
        builder.ToTable("EscalationPolicies");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.HasIndex(p => p.Name).IsUnique();
        builder.Property<int>(DispatchDbContext.Version).IsConcurrencyToken();
        var policy = JsonColumn.Converter<EscalationPolicy>();
        builder.Property(p => p.Policy).HasColumnName("Steps").HasConversion(policy, JsonColumn.Comparer(policy));
    }
}
