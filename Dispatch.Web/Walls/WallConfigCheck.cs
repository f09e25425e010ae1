using Dispatch.Infrastructure.Queries;

namespace Dispatch.Web.Walls;

/// <summary>Checks every wall file at start-up and logs what is wrong, so a broken wall is known before anyone looks at it.</summary>
public sealed class WallConfigCheck(WallCatalog catalog, WallQueries queries, ILogger<WallConfigCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var names = catalog.Names();
        if (names.Count == 0)
        {
            logger.LogWarning("No wall files in {Directory}: /wall has nothing to show", catalog.Directory);
            return;
        }

        foreach (var name in names)
        {
            var (_, problems, _) = await ResolveAsync(catalog, queries, name, cancellationToken);
            if (problems.Count == 0)
            {
                logger.LogInformation("Wall {Name}: {File} is valid", name, Path.Combine(catalog.Directory, name + ".json"));
            }

            foreach (var problem in problems)
            {
                logger.LogError("Wall {Name}: {Problem}", name, problem.ToString());
            }
        }
    }

    /// <summary>The file, its problems (including a center only the database can say is unknown) and, when it has none, the center it watches.</summary>
    public static async Task<(WallFile? File, IReadOnlyList<WallProblem> Problems, WallScope? Scope)> ResolveAsync(
        WallCatalog catalog, WallQueries queries, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(queries);
        var file = catalog.Find(name);
        if (file is null)
        {
            return (null, [new WallProblem(name + ".json", "（文件）", null, "没有这个大屏配置文件。")], null);
        }

        if (file.Layout is not { } layout || file.Problems.Count > 0)
        {
            return (file, file.Problems, null);
        }

        var scope = await queries.ScopeAsync(layout.Center, cancellationToken);
        return scope is null
            ? (file, [new WallProblem(file.File, "center", null, $"「{layout.Center}」不是已知的中心代码（如 GZ 为甘州区综治中心）。")], null)
            : (file, [], scope);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
