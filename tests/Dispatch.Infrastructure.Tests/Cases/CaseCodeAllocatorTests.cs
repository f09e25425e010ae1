using Dispatch.Domain.Common;
using Dispatch.Domain.Cases;
using Dispatch.Domain.Organization;
using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Persistence;
using Dispatch.TestSupport;

namespace Dispatch.Infrastructure.Tests.Cases;

[Collection(PostgresCollection.Name)]
public class CaseCodeAllocatorTests(PostgresServer postgres)
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task ConcurrentRegistrations_NeverShareASerial(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.Create(provider, postgres).MigrateAsync();
        await database.UnitOfWork.ExecuteAsync(db =>
        {
            db.Centers.Add(Center.CreateCounty(Guid.NewGuid(), "GZ", "甘州区综治中心"));
            return Task.CompletedTask;
        });

        var codes = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            database.UnitOfWork.ExecuteInOneWriteAsync(db => db.NextAsync("GZ", 2026, CancellationToken.None))));

        codes.Select(c => c.Serial).Order().ShouldBe(Enumerable.Range(1, 40).Select(i => (long)i));
    }

    [Fact]
    public async Task SerialsCountPerCenterAndYear()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();

        var a1 = await database.UnitOfWork.ExecuteInOneWriteAsync(db => db.NextAsync("GZ", 2026, CancellationToken.None));
        var a2 = await database.UnitOfWork.ExecuteInOneWriteAsync(db => db.NextAsync("GZ", 2026, CancellationToken.None));
        var b1 = await database.UnitOfWork.ExecuteInOneWriteAsync(db => db.NextAsync("DM", 2026, CancellationToken.None));
        var c1 = await database.UnitOfWork.ExecuteInOneWriteAsync(db => db.NextAsync("GZ", 2027, CancellationToken.None));

        new[] { a1, a2, b1, c1 }.Select(c => c.Value[..^2]).ShouldBe(["GZ-2026-000001", "GZ-2026-000002", "DM-2026-000001", "GZ-2027-000001"]);
        CaseCode.Parse(a2.Value).ShouldBe(a2);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_registration_that_fails_after_taking_its_serial_gives_it_back(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.Create(provider, postgres).MigrateAsync();
        var first = await database.UnitOfWork.ExecuteInOneWriteAsync(db => db.NextAsync("GZ", 2026, CancellationToken.None));

        await Should.ThrowAsync<DomainException>(() => database.UnitOfWork.ExecuteInOneWriteAsync<CaseCode>(async db =>
        {
            await db.NextAsync("GZ", 2026, CancellationToken.None);
            throw new DomainException("登记失败");
        }));
        var next = await database.UnitOfWork.ExecuteInOneWriteAsync(db => db.NextAsync("GZ", 2026, CancellationToken.None));

        // 一案一码 without a hole: the failed registration's serial was never committed.
        (first.Serial, next.Serial).ShouldBe((1L, 2L));
    }
}
