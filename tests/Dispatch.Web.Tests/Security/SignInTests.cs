using System.Net;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Security;
using Dispatch.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Security;

[Collection(WebAppCollection.Name)]
public class SignInTests(DispatchWebFactory factory)
{
    [Theory]
    [InlineData("/console")]
    [InlineData("/cases")]
    [InlineData("/terminal")]
    [InlineData("/wall")]
    public async Task Pages_RequireSignIn(string path)
    {
        using var session = new WebSession(factory);

        using var response = await session.Client.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/account/login");
    }

    [Theory]
    [InlineData("director", "/console")]
    [InlineData("zjj01", "/terminal")]
    [InlineData("wall", "/wall")]
    public async Task SignIn_LandsOnTheRolesHomePage(string userName, string home)
    {
        using var session = new WebSession(factory);

        using var response = await session.SignInAsync(userName);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe(home);
    }

    [Fact]
    public async Task WrongPassword_ShowsAClearMessage_AndKeepsTheUserName()
    {
        using var session = new WebSession(factory);

        using var response = await session.SignInAsync("director", "wrong-password");
        var page = await session.GetDocumentAsync(response.Headers.Location!.ToString());

        page.QuerySelector(".login-error")!.TextContent.ShouldBe("用户名或密码不正确，请重新输入。");
        page.QuerySelector("#userName")!.GetAttribute("value").ShouldBe("director");
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_EvenAgainstTheRightOne()
    {
        // jtj02 is used by no other test: locking it does not disturb them.
        using var session = new WebSession(factory);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await session.SignInAsync("jtj02", $"wrong-{i}");
            wrong.Headers.Location!.ToString().ShouldContain(i < 4 ? "error=1" : "error=locked");
        }

        using var right = await session.SignInAsync("jtj02");

        right.Headers.Location!.ToString().ShouldContain("error=locked");
        var page = await session.GetDocumentAsync(right.Headers.Location!.ToString());
        page.QuerySelector(".login-error")!.TextContent.ShouldContain("账号已锁定 15 分钟");
    }

    [Fact]
    public async Task Passwords_AreStoredHashed_NeverInClear()
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();

        var hashes = await db.Set<StaffAccount>().Select(a => a.PasswordHash!).ToListAsync();

        hashes.Count.ShouldBe(await db.Staff.CountAsync());
        hashes.ShouldAllBe(h => h.Length > 60 && !h.Contains("Dispatch@2026"));
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgeryToken_IsRefused_WithAnExpiredFormMessage()
    {
        using var session = new WebSession(factory);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "director", ["password"] = "Dispatch@2026" });

        using var response = await session.Client.PostAsync(new Uri("/account/signin", UriKind.Relative), content);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/account/login?error=expired");
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        var page = await session.GetDocumentAsync("/account/login?error=expired");
        page.QuerySelector(".login-error")!.TextContent.ShouldBe("登录页面已过期，请重新输入用户名和密码。");
    }

    [Theory]
    [InlineData("//evil.example/console")]
    [InlineData("https://evil.example/")]
    public async Task ReturnUrl_OutsideTheApp_IsIgnored(string returnUrl)
    {
        using var session = new WebSession(factory);

        using var response = await session.SignInAsync("director", returnUrl: returnUrl);

        response.Headers.Location!.ToString().ShouldBe("/console");
    }

    [Fact]
    public async Task DepartmentStaff_CannotOpenTheConsole()
    {
        using var session = new WebSession(factory);
        await session.SignInAsync("zjj01");

        using var response = await session.Client.GetAsync(new Uri("/console", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/account/denied");
    }

    [Theory]
    [InlineData("director")]
    [InlineData("zjj01")]
    public async Task OnlyAdministrators_OpenTheEscalationPolicies(string userName)
    {
        using var session = new WebSession(factory);
        await session.SignInAsync(userName);

        using var response = await session.Client.GetAsync(new Uri("/admin/escalation", UriKind.Relative));

        response.Headers.Location!.ToString().ShouldContain("/account/denied");
        using var admin = new WebSession(factory);
        await admin.SignInAsync("admin");
        (await admin.GetDocumentAsync("/admin/escalation")).QuerySelectorAll(".policy-card").Length.ShouldBe(2);
    }

    [Fact]
    public async Task WallDisplay_StaysSignedIn_WithAPersistentCookie()
    {
        using var session = new WebSession(factory);

        using var response = await session.SignInAsync("wall");

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dispatch.auth=", StringComparison.Ordinal));
        cookie.ToLowerInvariant().ShouldContain("expires=");
    }
}
