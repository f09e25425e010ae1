using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Dispatch.Tests.Shared;

namespace Dispatch.Web.Tests;

/// <summary>An HTTP client with a cookie jar that signs in through the real form, antiforgery token included.</summary>
internal sealed class WebSession : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public WebSession(DispatchWebFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);

        // Our own cookie jar (no redirects followed), so a test can copy the cookie as an attacker would.
        Client = factory.CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(Cookies));
    }

    public HttpClient Client { get; }

    /// <summary>A session against a real listener (Kestrel), where requests carry a network address.</summary>
    public WebSession(Uri server)
    {
        Client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = server };
    }

    public CookieContainer Cookies { get; } = new();

    /// <summary>The cookies the client holds for an address, as a Cookie header.</summary>
    public string CookieHeader(Uri address) => Cookies.GetCookieHeader(address);

    public async Task<HttpResponseMessage> SignInAsync(string userName, string password = "Dispatch@2026", string? returnUrl = null)
    {
        var form = await GetDocumentAsync("/account/login");
        var token = (form.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement)?.Value
            ?? throw new InvalidOperationException("The sign-in form has no antiforgery token.");
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["userName"] = userName, ["password"] = password };
        if (returnUrl is not null)
        {
            fields["returnUrl"] = returnUrl;
        }

        using var content = new FormUrlEncodedContent(fields);
        return await Client.PostAsync(new Uri("/account/signin", UriKind.Relative), content);
    }

    public async Task<IHtmlDocument> GetDocumentAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {path}");
        return await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => Client.Dispose();
}
