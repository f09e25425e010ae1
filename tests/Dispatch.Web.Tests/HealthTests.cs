using System.Net;
using System.Text.Json;
using Dispatch.Tests.Shared;

namespace Dispatch.Web.Tests;

[Collection(WebAppCollection.Name)]
public class HealthTests(DispatchWebFactory factory)
{
    [Fact]
    public async Task Health_ReportsTheDatabase_WithoutSigningIn()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("status").GetString().ShouldBe("Healthy");
        var database = json.RootElement.GetProperty("checks").EnumerateArray().Single();
        database.GetProperty("name").GetString().ShouldBe("database");
        database.GetProperty("status").GetString().ShouldBe("Healthy");
    }
}
