using System.Runtime.CompilerServices;
using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Dispatch.Infrastructure.Persistence;

/// <summary>
/// Before a save: bumps the concurrency version of every aggregate that changed, its owned
/// rows included (a new timeline line is a change of the case). After the commit: publishes the
/// domain events the aggregates raised, so nothing is pushed for a write that did not happen (or
/// hands them to the unit of work, which publishes them after its transaction and write gate).
/// A save that changes cases also updates the reports' daily counts in its transaction.
/// </summary>
internal sealed class AggregateSaveInterceptor(IDomainEventPublisher publisher) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<(AggregateRoot Source, IDomainEvent Event)>> _pending = [];

    /// <summary>The transaction opened for a save that had none, so the daily counts commit with it.</summary>
    private readonly ConditionalWeakTable<DbContext, IDbContextTransaction> _own = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        BeforeSave(eventData.Context);
        if (eventData.Context is DispatchDbContext { KeepTallies: true } db && ReportTallyChanges.Collect(db) is { Count: > 0 } deltas)
        {
            if (db.Database.CurrentTransaction is null)
            {
                _own.AddOrUpdate(db, db.Database.BeginTransaction());
            }

            Guarded(db, () => ReportTallyChanges.Apply(db, deltas));
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        BeforeSave(eventData.Context);
        if (eventData.Context is DispatchDbContext { KeepTallies: true } db && ReportTallyChanges.Collect(db) is { Count: > 0 } deltas)
        {
            if (db.Database.CurrentTransaction is null)
            {
                _own.AddOrUpdate(db, await db.Database.BeginTransactionAsync(cancellationToken));
            }

            try
            {
                await ReportTallyChanges.ApplyAsync(db, deltas, cancellationToken);
            }
            catch
            {
                EndOwn(db);
                throw;
            }
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context && _own.TryGetValue(context, out var own))
        {
            _own.Remove(context);
            using (own)
            {
                own.Commit();
            }
        }

        AfterSaveAsync(eventData.Context, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _own.TryGetValue(context, out var own))
        {
            _own.Remove(context);
            await using (own)
            {
                await own.CommitAsync(cancellationToken);
            }
        }

        await AfterSaveAsync(eventData.Context, cancellationToken);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is not null)
        {
            _pending.Remove(eventData.Context);
            EndOwn(eventData.Context);
        }
    }

    private void Guarded(DbContext context, Action apply)
    {
        try
        {
            apply();
        }
        catch
        {
            EndOwn(context);
            throw;
        }
    }

    /// <summary>Rolls back the transaction opened for a save that failed.</summary>
    private void EndOwn(DbContext context)
    {
        if (_own.TryGetValue(context, out var own))
        {
            _own.Remove(context);
            own.Dispose();
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
            .SelectMany(e => e.Entity.DomainEvents.Select(d => (e.Entity, AsSaved(e.Entity, d))))
            .ToList();
        _pending.AddOrUpdate(context, events);
    }

    /// <summary>A case's step with where the case stands as saved, so whoever hears it need not read the case again.</summary>
    private static IDomainEvent AsSaved(AggregateRoot source, IDomainEvent domainEvent) =>
        source is Case @case && domainEvent is CaseStatusChanged changed
            ? changed with { CenterId = @case.CenterId, RaisedFromCenterId = @case.RaisedFromCenterId }
            : domainEvent;

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
