using Dispatch.Infrastructure;
using Dispatch.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Web.Security;

/// <summary>
/// <c>dotnet run --project Dispatch.Web -- set-password &lt;login&gt;</c>: sets an account's
/// password from standard input (never from the command line, where it would stay in the shell's
/// history), checks it against the password rules, and ends the account's sessions.
/// </summary>
public static class PasswordCommand
{
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            await error.WriteLineAsync("用法：dotnet run --project Dispatch.Web -- set-password <登录名>，然后在标准输入中给出新密码（一行）。");
            return 2;
        }

        var builder = WebApplication.CreateBuilder(args[1..]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDispatchInfrastructure(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddDispatchWeb(builder.Configuration, builder.Environment.ContentRootPath);
        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Infrastructure.Persistence.DispatchDbContext>().Database.MigrateAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffAccount>>();
        var account = await users.FindByNameAsync(args[0].Trim());
        if (account is null)
        {
            await error.WriteLineAsync($"没有登录名为「{Domain.Common.Guard.Quote(args[0])}」的账号。");
            return 1;
        }

        if (!Console.IsInputRedirected)
        {
            await output.WriteAsync($"{account.UserName} 的新密码：");
        }

        var password = (await input.ReadLineAsync())?.TrimEnd('\r', '\n') ?? string.Empty;
        var problems = (await AccountEndpoints.PasswordRuleCodesAsync(users, account, password))
            .Select(AccountEndpoints.PasswordProblem).OfType<string>().Distinct().ToList();

        if (problems.Count > 0)
        {
            await error.WriteLineAsync($"密码未修改：{string.Join(" ", problems)}");
            return 1;
        }

        account.PasswordHash = users.PasswordHasher.HashPassword(account, password);
        await users.UpdateSecurityStampAsync(account);
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        await audit.RecordAsync(audit.Entry(AuditKind.PasswordChanged, $"set-password（{Environment.UserName}）", account.UserName ?? string.Empty, "在服务器上用 set-password 命令设置了密码。"), CancellationToken.None);
        var ended = await scope.ServiceProvider.GetRequiredService<SignInSessions>().EndAllAsync(account.Id, SessionEndReasons.PasswordChanged, "set-password", null, CancellationToken.None);
        await output.WriteLineAsync($"已修改 {account.UserName} 的密码，结束了 {ended.Count} 个登录会话。");
        return 0;
    }
}
