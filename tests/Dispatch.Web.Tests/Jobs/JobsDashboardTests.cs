using System.Net;
using Dispatch.Infrastructure.Jobs;
using Dispatch.Tests.Shared;

namespace Dispatch.Web.Tests.Jobs;

/// <summary>The Hangfire dashboard at /admin/jobs: administrators only, on every page and action.</summary>
[Collection(WebAppCollection.Name)]
public class JobsDashboardTests(DispatchWebFactory factory)
{
    [Theory]
    [InlineData("/admin/jobs")]
    [InlineData("/admin/jobs/recurring")]
    public async Task Anonymous_IsSentToSignIn(string path)
    {
        using var session = new WebSession(factory);

        using var response = await session.Client.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldContain("/account/login");
    }

    [Theory]
    [InlineData("director", "/admin/jobs")]
    [InlineData("zjj01", "/admin/jobs/recurring")]
    [InlineData("wall", "/admin/jobs/jobs/scheduled")]
    public async Task AnyoneButAnAdministrator_Gets403(string userName, string path)
    {
        using var session = new WebSession(factory);
        (await session.SignInAsync(userName)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        using var response = await session.Client.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("director", HttpStatusCode.Forbidden)]
    [InlineData("admin", HttpStatusCode.NoContent)]
    public async Task OnlyAnAdministrator_TriggersAJob_EvenWithAValidAntiforgeryToken(string userName, HttpStatusCode expected)
    {
        using var session = new WebSession(factory);
        (await session.SignInAsync(userName)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // A token of the user's own session, as any page with the sign-out form carries it.
        var page = await session.GetDocumentAsync("/console");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/jobs/recurring/trigger")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["jobs[]"] = RecurringJobIds.Risk }),
        };
        request.Headers.Add("RequestVerificationToken", token);

        using var response = await session.Client.SendAsync(request);

        response.StatusCode.ShouldBe(expected);
    }

    [Fact]
    public async Task AnAdministrator_SeesTheRecurringJobs()
    {
        using var session = new WebSession(factory);
        (await session.SignInAsync("admin")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        using var response = await session.Client.GetAsync(new Uri("/admin/jobs/recurring", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Dispatch 定时任务");
        html.ShouldContain(RecurringJobIds.Audit);
        html.ShouldContain(RecurringJobIds.Bulletin);
        html.ShouldContain(RecurringJobIds.Risk);
    }
}
