namespace Dispatch.Infrastructure.Persistence.Seeding;

public sealed class DemoDataSeeder
{
    private readonly int _placeholder = 1;

    public Task SeedIfEmptyAsync(CancellationToken cancellationToken) => Task.FromResult(_placeholder);
}
