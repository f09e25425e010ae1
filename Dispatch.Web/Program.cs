using Dispatch.Infrastructure;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Web;

if (args is ["seed", .. var seedArguments])
{
    return await SeedCommand.RunAsync(seedArguments);
}

if (args is [("backup" or "restore") and var verb, .. var backupArguments])
{
    return await BackupCommand.RunAsync(verb, backupArguments, Console.Out, Console.Error);
}

if (args is ["set-password", .. var passwordArguments])
{
    return await Dispatch.Web.Security.PasswordCommand.RunAsync(passwordArguments, Console.In, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddDispatchInfrastructure(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddDispatchWeb(builder.Configuration, builder.Environment.ContentRootPath);

var app = builder.Build();
// Before the database is touched, so that demo data is never written where it must not be.
Dispatch.Web.Hosting.ProductionReadiness.EnsureConfiguration(app);
await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
await Dispatch.Web.Hosting.ProductionReadiness.EnsureAccountsAsync(app);
app.UseDispatchWeb();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
