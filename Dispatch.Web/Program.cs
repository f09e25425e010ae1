using Dispatch.Infrastructure;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Web;

if (args is ["seed", .. var seedArguments])
{
    return await SeedCommand.RunAsync(seedArguments);
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddDispatchInfrastructure(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddDispatchWeb(builder.Configuration, builder.Environment.ContentRootPath);

var app = builder.Build();
await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
app.UseDispatchWeb();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
