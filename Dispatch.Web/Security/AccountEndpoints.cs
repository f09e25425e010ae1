using Dispatch.Domain.Organization;
using Dispatch.Infrastructure.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Dispatch.Web.Security;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // The antiforgery check is done here rather than by the middleware, so that a stale
        // form (for example one left open across a server restart) gets a message a person
        // can act on instead of an error page.
        app.MapPost("/account/signin", async (HttpContext http, IAntiforgery antiforgery, UserManager<StaffAccount> users,
            SignInManager<StaffAccount> signIn, StaffDirectory directory, CancellationToken cancellationToken) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Redirect("/account/login?error=expired");
            }

            var form = await http.Request.ReadFormAsync(cancellationToken);
            var userName = form["userName"].ToString().Trim();
            var returnUrl = form["returnUrl"].ToString();
            var account = string.IsNullOrEmpty(userName) ? null : await users.FindByNameAsync(userName);
            var result = account is null
                ? Microsoft.AspNetCore.Identity.SignInResult.Failed
                : await signIn.CheckPasswordSignInAsync(account, form["password"].ToString(), lockoutOnFailure: true);
            if (!result.Succeeded)
            {
                var error = result.IsLockedOut ? "locked" : "1";
                var query = QueryString.Create(new Dictionary<string, string?> { ["error"] = error, ["userName"] = userName, ["returnUrl"] = returnUrl });
                return Results.Redirect($"/account/login{query}");
            }

            // A wall device signs in once and stays signed in; people get a working-day session.
            var profile = await directory.ProfileAsync(account!.Id, cancellationToken);
            var wall = profile?.Staff.Role == StaffRole.WallDisplay;
            await signIn.SignInAsync(account, new AuthenticationProperties
            {
                IsPersistent = wall,
                ExpiresUtc = wall ? DateTimeOffset.UtcNow.AddYears(1) : null,
                AllowRefresh = true,
            });
            var home = profile is null ? "/console" : ClaimsPrincipalExtensions.HomePage(profile.Staff.Role);
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl : home);
        }).DisableAntiforgery();

        app.MapPost("/account/signout", async (HttpContext http, IAntiforgery antiforgery, SignInManager<StaffAccount> signIn) =>
        {
            if (await antiforgery.IsRequestValidAsync(http))
            {
                await signIn.SignOutAsync();
            }

            return Results.LocalRedirect("/account/login");
        }).DisableAntiforgery();
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
