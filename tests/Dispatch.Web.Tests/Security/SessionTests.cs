using System.Net;
using AngleSharp.Html.Dom;
using Dispatch.Infrastructure.Security;
using Dispatch.Tests.Shared;
using Dispatch.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Security;

/// <summary>
/// Sessions live on the server: once ended — by signing out, a password change, a lock-out or an
/// administrator — a copy of the cookie is worth nothing. Each test signs in a user no other test uses.
/// </summary>
[Collection(WebAppCollection.Name)]
public class SessionTests(DispatchWebFactory factory)
{
    private SignInSessions Sessions => factory.Services.GetRequiredService<SignInSessions>();

    /// <summary>A second client that only replays the cookie header, as an attacker with a copied cookie would.</summary>
    private HttpClient Replay(WebSession session, Uri address)
    {
        var copy = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        copy.DefaultRequestHeaders.Add("Cookie", session.CookieHeader(address));
        return copy;
    }

    private static async Task<HttpStatusCode> TerminalAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/terminal", UriKind.Relative));
        return response.StatusCode;
    }

    private static async Task<string> TokenAsync(WebSession session, string page)
    {
        var document = await session.GetDocumentAsync(page);
        return (document.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement)!.Value;
    }

    [Fact]
    public async Task Signing_out_ends_the_session_on_the_server_so_a_copied_cookie_no_longer_works()
    {
        using var session = new WebSession(factory);
        (await session.SignInAsync("mzj01")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var copy = Replay(session, factory.Server.BaseAddress);
        (await TerminalAsync(copy)).ShouldBe(HttpStatusCode.OK);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = await TokenAsync(session, "/account/password") });
        using var signOut = await session.Client.PostAsync(new Uri("/account/signout", UriKind.Relative), form);

        signOut.Headers.Location!.ToString().ShouldBe("/account/login");
        (await TerminalAsync(copy)).ShouldBe(HttpStatusCode.Redirect);
        (await Sessions.ListActiveAsync(CancellationToken.None)).ShouldNotContain(s => s.UserName == "mzj01");
    }

    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_keeps_this_one_and_takes_the_new_password()
    {
        using var here = new WebSession(factory);
        using var elsewhere = new WebSession(factory);
        await here.SignInAsync("sfj01");
        await elsewhere.SignInAsync("sfj01");
        (await TerminalAsync(elsewhere.Client)).ShouldBe(HttpStatusCode.OK);

        using var wrong = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await TokenAsync(here, "/account/password"),
            ["current"] = "not-it",
            ["next"] = "short",
            ["confirm"] = "other",
        });
        using var refused = await here.Client.PostAsync(new Uri("/account/change-password", UriKind.Relative), wrong);
        var problems = await here.GetDocumentAsync(refused.Headers.Location!.ToString());
        var shown = problems.QuerySelectorAll("#password-errors div").Select(d => d.TextContent).ToList();
        shown.ShouldContain("当前密码不正确。");
        shown.ShouldContain("两次输入的新密码不一致。");
        shown.ShouldContain("新密码至少 8 位。");
        (await TerminalAsync(elsewhere.Client)).ShouldBe(HttpStatusCode.OK);

        using var right = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await TokenAsync(here, "/account/password"),
            ["current"] = "Dispatch@2026",
            ["next"] = "Ganzhou#2027",
            ["confirm"] = "Ganzhou#2027",
        });
        using var changed = await here.Client.PostAsync(new Uri("/account/change-password", UriKind.Relative), right);

        changed.Headers.Location!.ToString().ShouldBe("/?password=changed");
        (await TerminalAsync(here.Client)).ShouldBe(HttpStatusCode.OK);
        (await TerminalAsync(elsewhere.Client)).ShouldBe(HttpStatusCode.Redirect);
        using var old = new WebSession(factory);
        (await old.SignInAsync("sfj01")).Headers.Location!.ToString().ShouldStartWith("/account/login?error=1");
        using var fresh = new WebSession(factory);
        (await fresh.SignInAsync("sfj01", "Ganzhou#2027")).Headers.Location!.ToString().ShouldBe("/terminal");
    }

    [Fact]
    public async Task A_lock_out_ends_the_sessions_the_account_already_had()
    {
        using var session = new WebSession(factory);
        await session.SignInAsync("xfj01");
        (await TerminalAsync(session.Client)).ShouldBe(HttpStatusCode.OK);

        using var guesser = new WebSession(factory);
        for (var i = 0; i < 5; i++)
        {
            await guesser.SignInAsync("xfj01", $"guess-{i}");
        }

        (await TerminalAsync(session.Client)).ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task An_ended_session_lists_no_more_and_a_wall_device_session_is_listed_as_a_device()
    {
        using var person = new WebSession(factory);
        await person.SignInAsync("fy01");
        using var wall = new WebSession(factory);
        await wall.SignInAsync("wall");

        var active = await Sessions.ListActiveAsync(CancellationToken.None);
        var device = active.First(s => s.UserName == "wall");
        device.IsDevice.ShouldBeTrue();
        device.ExpiresAt.ShouldNotBeNull();
        (device.ExpiresAt.Value - DateTimeOffset.UtcNow).ShouldBeGreaterThan(TimeSpan.FromDays(300));
        var fy = active.Single(s => s.UserName == "fy01");
        fy.IsDevice.ShouldBeFalse();

        (await Sessions.EndAsync(fy.Id, SessionEndReasons.ForcedOut, "admin", CancellationToken.None)).ShouldBeTrue();

        (await TerminalAsync(person.Client)).ShouldBe(HttpStatusCode.Redirect);
        (await Sessions.ListActiveAsync(CancellationToken.None)).ShouldNotContain(s => s.Id == fy.Id);
        (await Sessions.EndAsync(fy.Id, SessionEndReasons.ForcedOut, "admin", CancellationToken.None)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\r\nLocation: https://evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/案件")]
    [InlineData("")]
    public async Task A_return_address_that_is_not_a_plain_local_path_leads_home(string returnUrl)
    {
        using var session = new WebSession(factory);

        using var response = await session.SignInAsync("director", returnUrl: returnUrl);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/console");
    }

    [Fact]
    public async Task A_form_that_cannot_be_decoded_is_answered_like_a_stale_form_not_with_a_server_error()
    {
        using var session = new WebSession(factory);
        var token = (await session.GetDocumentAsync("/account/login")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value");
        using var content = new StringContent($"__RequestVerificationToken={Uri.EscapeDataString(token!)}&userName=director&password=Dispatch%402026&returnUrl=%2Fcases%00", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");

        using var response = await session.Client.PostAsync(new Uri("/account/signin", UriKind.Relative), content);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/account/login?error=expired");
    }

    [Fact]
    public async Task A_plain_local_return_address_is_followed()
    {
        using var session = new WebSession(factory);

        using var response = await session.SignInAsync("director", returnUrl: "/cases?status=open");

        response.Headers.Location!.ToString().ShouldBe("/cases?status=open");
    }
}
