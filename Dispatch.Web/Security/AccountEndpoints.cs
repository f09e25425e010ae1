using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Dispatch.Web.Security;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/login", async ([FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
            StaffSignIn signIn, HttpContext http, CancellationToken cancellationToken) =>
        {
            var principal = await signIn.VerifyAsync(userName, password, cancellationToken);
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
            var target = !string.IsNullOrEmpty(returnUrl) && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
                ? returnUrl
                : principal.HomePage();
            return Results.LocalRedirect(target);
        });

        app.MapPost("/account/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/account/login");
        });
    }
}
