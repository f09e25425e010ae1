using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Persistence.Seeding;
using Dispatch.Infrastructure.Security;
using Dispatch.Web.Api;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Web.Hosting;

/// <summary>
/// Outside Development (and the test environment) the app will not start while the demo's
/// secrets are in place — the published API keys, the demo data with its published password, or
/// an account still on that password — and says which setting or account to change.
/// </summary>
public static class ProductionReadiness
{
    /// <summary>SHA-256 of the demo API keys shipped in appsettings.json and the README.</summary>
    public static readonly IReadOnlySet<string> DemoKeyHashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "b499a15b1a9286296aa47dcb6faea46f4a31e967f71facd6dabdc514e14147d7",
        "d107f5bb8d2ee831bcac61e98ff095c3276eab97a31d0c3b8a02aca295376010",
    };

    public static bool Applies(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return !environment.IsDevelopment() && !environment.IsEnvironment("Testing");
    }

    /// <summary>What must change before the first start, read from configuration alone.</summary>
    public static IReadOnlyList<string> ConfigurationProblems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var clients = configuration.GetSection("Api:Clients").GetChildren().ToList();
        for (var i = 0; i < clients.Count; i++)
        {
            if (clients[i]["KeyHash"] is { } hash && DemoKeyHashes.Contains(hash))
            {
                problems.Add($"Api:Clients:{i}:KeyHash（{clients[i]["Name"]}）仍是演示密钥：请为该客户端生成新密钥，把它的 SHA-256 写入此设置。");
            }
        }

        var database = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.SeedDemoData ?? database.Provider == DatabaseProvider.Sqlite)
        {
            problems.Add("Database:SeedDemoData 未设为 false：正式环境不写入演示数据（演示账号的密码是公开的）。");
        }

        return problems;
    }

    /// <summary>Accounts whose password is still the published demo password.</summary>
    public static async Task<IReadOnlyList<string>> AccountsOnDemoPasswordAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DispatchDbContext>();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<StaffAccount>>();
        var accounts = await db.Users.AsNoTracking().ToListAsync(cancellationToken);
        return [.. accounts
            .Where(a => a.PasswordHash is not null && hasher.VerifyHashedPassword(a, a.PasswordHash, DemoDataSeeder.DemoPassword) != PasswordVerificationResult.Failed)
            .Select(a => a.UserName ?? a.Id.ToString())];
    }

    /// <summary>Throws with every configuration problem listed when the app must not start.</summary>
    public static void EnsureConfiguration(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (Applies(app.Environment))
        {
            Refuse(app, ConfigurationProblems(app.Configuration));
        }
    }

    /// <summary>Throws, naming them, when accounts still have the demo password.</summary>
    public static async Task EnsureAccountsAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!Applies(app.Environment))
        {
            return;
        }

        var demo = await AccountsOnDemoPasswordAsync(app.Services, app.Lifetime.ApplicationStopping);
        Refuse(app, demo.Count == 0 ? [] : [$"账号 {string.Join("、", demo)} 仍使用演示密码：请用 dotnet run --project Dispatch.Web -- set-password <登录名> 逐个改掉。"]);
    }

    private static void Refuse(WebApplication app, IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"Dispatch 拒绝在 {app.Environment.EnvironmentName} 环境下启动，演示用的密钥和密码仍在：\n- {string.Join("\n- ", problems)}\n（本地试用请设 ASPNETCORE_ENVIRONMENT=Development。）");
        }
    }
}
