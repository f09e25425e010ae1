using System.Runtime.CompilerServices;
using Dispatch.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Dispatch.Infrastructure.Persistence;

/// <summary>
/// Before a save: bumps the concurrency version of every aggregate that changed, its owned
/// rows included (a new timeline line is a change of the case). After the commit: publishes the
/// domain events the aggregates raised, so nothing is pushed for a write that did not happen (or
/// hands them to the unit of work, which publishes them after its transaction and write gate).
/// </summary>
internal sealed class AggregateSaveInterceptor(IDomainEventPublisher publisher) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<(AggregateRoot Source, IDomainEvent Event)>> _pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        BeforeSave(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        BeforeSave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        AfterSaveAsync(eventData.Context, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await AfterSaveAsync(eventData.Context, cancellationToken);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is not null)
        {
            _pending.Remove(eventData.Context);
        }
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    private void BeforeSave(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        context.ChangeTracker.DetectChanges();
        foreach (var entry in context.ChangeTracker.Entries().ToList())
        {
            if (entry.Metadata.FindProperty(DispatchDbContext.Version) is null || entry.State is EntityState.Added or EntityState.Deleted or EntityState.Detached)
            {
                continue;
            }

            if (entry.State == EntityState.Modified || OwnedRowsChanged(context, entry))
            {
                var version = entry.Property(DispatchDbContext.Version);
                version.CurrentValue = (int)version.OriginalValue! + 1;
            }
        }

        var events = context.ChangeTracker.Entries<AggregateRoot>()
            .SelectMany(e => e.Entity.DomainEvents.Select(d => (e.Entity, d)))
            .ToList();
        _pending.AddOrUpdate(context, events);
    }

    private static bool OwnedRowsChanged(DbContext context, EntityEntry entry) =>
        entry.Collections
            .Where(c => c.Metadata.TargetEntityType.IsOwned() && c.CurrentValue is not null)
            .SelectMany(c => c.CurrentValue!.Cast<object>())
            .Any(item => context.Entry(item).State is EntityState.Added or EntityState.Modified or EntityState.Deleted);

    private async Task AfterSaveAsync(DbContext? context, CancellationToken cancellationToken)
    {
        if (context is null || !_pending.TryGetValue(context, out var events))
        {
            return;
        }

        _pending.Remove(context);
        if (events.Count == 0)
        {
            return;
        }

        foreach (var source in events.Select(e => e.Source).Distinct())
        {
            source.ClearDomainEvents();
        }

        if (context is DispatchDbContext { HoldEvents: true } holding)
        {
            holding.HeldEvents.AddRange(events.Select(e => e.Event));
            return;
        }

        await publisher.PublishAsync([.. events.Select(e => e.Event)], cancellationToken);
    }
}
