using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Dispatch.Web.Security;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // The antiforgery check is done here rather than by the middleware, so that a stale
        // form (for example one left open across a server restart) gets a message a person
        // can act on instead of an error page.
        app.MapPost("/account/signin", async (HttpContext http, IAntiforgery antiforgery, StaffSignIn signIn, CancellationToken cancellationToken) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Redirect("/account/login?error=expired", permanent: false);
            }

            var form = await http.Request.ReadFormAsync(cancellationToken);
            var userName = form["userName"].ToString();
            var returnUrl = form["returnUrl"].ToString();
            var principal = await signIn.VerifyAsync(userName, form["password"].ToString(), cancellationToken);
            if (principal is null)
            {
                var query = QueryString.Create(new Dictionary<string, string?> { ["error"] = "1", ["userName"] = userName, ["returnUrl"] = returnUrl });
                return Results.Redirect($"/account/login{query}");
            }

            // A wall device signs in once and stays signed in; people get a working-day session.
            var persistent = principal.IsInRole(Roles.WallDisplay);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, new AuthenticationProperties
            {
                IsPersistent = persistent,
                ExpiresUtc = persistent ? DateTimeOffset.UtcNow.AddYears(1) : null,
                AllowRefresh = true,
            });
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl : principal.HomePage());
        }).DisableAntiforgery();

        app.MapPost("/account/signout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (await antiforgery.IsRequestValidAsync(http))
            {
                await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            }

            return Results.LocalRedirect("/account/login");
        }).DisableAntiforgery();
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
