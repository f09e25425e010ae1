using Dispatch.Tests.Shared;
using Dispatch.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Dispatch.Web.Tests;

/// <summary>A mistake in the web project's settings stops the start and names the setting.</summary>
public class WebSettingsTests
{
    [Fact]
    public void AMisconfiguredApiClient_StopsTheStart_NamingEachMistake()
    {
        using var app = DispatchWebFactory.WithSettings(new Dictionary<string, string?>
        {
            ["Api:Clients:0:KeyHash"] = "not-a-hash",
            ["Api:Clients:1:Name"] = " ",
        });

        var refused = Should.Throw<OptionsValidationException>(() => app.Services);

        refused.Failures.ShouldBe([
            "Api:Clients:0:KeyHash must be the SHA-256 of the key as 64 hex digits.",
            "Api:Clients:1:Name is required (it is shown on the cases the client files).",
        ]);
    }

    [Fact]
    public void ATrackLimitOutOfRange_StopsTheStart()
    {
        using var app = DispatchWebFactory.WithSettings(new Dictionary<string, string?> { ["Track:PermitsPerMinute"] = "0" });

        Should.Throw<OptionsValidationException>(() => app.Services).Message.ShouldContain("PermitsPerMinute");
    }
}
