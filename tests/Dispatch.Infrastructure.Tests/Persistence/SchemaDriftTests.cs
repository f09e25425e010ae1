using Dispatch.Domain.Cases;
using Dispatch.Infrastructure.Persistence;
using Dispatch.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Tests.Persistence;

/// <summary>
/// The hand-written migrations must build exactly the schema the model describes. The schema is
/// built twice from scratch, once from the model (EnsureCreated) and once from the migrations
/// (Migrate), and the two are compared table by table.
/// </summary>
[Collection(PostgresCollection.Name)]
public class SchemaDriftTests(PostgresServer postgres)
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Migrations_BuildTheSchemaTheModelDescribes(DatabaseProvider provider)
    {
        var differences = await CompareAsync(provider, (options, _) => new DispatchDbContext(options));

        differences.ShouldBeEmpty(string.Join(Environment.NewLine, differences));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task AModelChangeWithoutAMigration_IsCaught(DatabaseProvider provider)
    {
        var differences = await CompareAsync(provider, (_, database) =>
            new DriftedDbContext((DbContextOptions<DriftedDbContext>)Dispatch.Infrastructure.DependencyInjection
                .Configure(new DbContextOptionsBuilder<DriftedDbContext>(), database).Options));

        differences.ShouldContain(d => d.StartsWith("only in model: column Cases.PetitionerMood", StringComparison.Ordinal));
        differences.ShouldContain(d => d.Contains("IX_Cases_PetitionerMood", StringComparison.Ordinal));
    }

    private async Task<IReadOnlyList<string>> CompareAsync(
        DatabaseProvider provider,
        Func<DbContextOptions<DispatchDbContext>, DatabaseOptions, DispatchDbContext> modelContext)
    {
        await using var fromModel = TestDatabase.Create(provider, postgres);
        await using var fromMigrations = TestDatabase.Create(provider, postgres);
        var modelOptions = new DatabaseOptions { Provider = provider, ConnectionString = fromModel.ConnectionString };
        var options = (DbContextOptions<DispatchDbContext>)Dispatch.Infrastructure.DependencyInjection
            .Configure(new DbContextOptionsBuilder<DispatchDbContext>(), modelOptions).Options;

        await using (var db = modelContext(options, modelOptions))
        {
            (await db.Database.EnsureCreatedAsync()).ShouldBeTrue();
        }

        await fromMigrations.MigrateAsync();

        await using var a = fromModel.CreateContext();
        await using var b = fromMigrations.CreateContext();
        var modelSchema = await SchemaSnapshot.ReadAsync(a.Database.GetDbConnection());
        var migratedSchema = await SchemaSnapshot.ReadAsync(b.Database.GetDbConnection());
        modelSchema.Lines.Count.ShouldBeGreaterThan(100);
        return modelSchema.DifferencesFrom(migratedSchema, "model", "migrations");
    }

    /// <summary>The app's model plus one property that no migration adds.</summary>
    private sealed class DriftedDbContext(DbContextOptions<DriftedDbContext> options) : DispatchDbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            base.OnModelCreating(modelBuilder);
            modelBuilder.Entity<Case>().Property<string>("PetitionerMood");
            modelBuilder.Entity<Case>().HasIndex("PetitionerMood");
        }
    }
}
