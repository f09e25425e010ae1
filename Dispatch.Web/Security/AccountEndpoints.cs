using Dispatch.Domain.Organization;
using Dispatch.Infrastructure.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Dispatch.Web.Security;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // The antiforgery check is done here rather than by the middleware, so that a stale
        // form (for example one left open across a server restart) gets a message a person
        // can act on instead of an error page.
        app.MapPost("/account/signin", async (HttpContext http, IAntiforgery antiforgery, UserManager<StaffAccount> users,
            SignInManager<StaffAccount> signIn, StaffDirectory directory, SignInSessions sessions, AuditTrail audit, CancellationToken cancellationToken) =>
        {
            if (await ReadFormAsync(http, antiforgery, cancellationToken) is not { } form)
            {
                return Results.Redirect("/account/login?error=expired");
            }

            var userName = form["userName"].ToString().Trim();
            var returnUrl = LocalPathOrNull(form["returnUrl"].ToString());
            var account = string.IsNullOrEmpty(userName) ? null : await users.FindByNameAsync(userName);
            var result = account is null
                ? Microsoft.AspNetCore.Identity.SignInResult.Failed
                : await signIn.CheckPasswordSignInAsync(account, form["password"].ToString(), lockoutOnFailure: true);
            var typed = userName.Length > 40 ? userName[..40] : userName;
            await audit.RecordAsync(
                result.Succeeded ? audit.Entry(AuditKind.SignedIn, typed, typed, "登录成功。")
                : result.IsLockedOut ? audit.Entry(AuditKind.LockedOut, typed, typed, "密码连续输错，账号已锁定。")
                : audit.Entry(AuditKind.SignInFailed, typed, typed, account is null ? "登录失败：没有这个登录名。" : "登录失败：密码不正确。"),
                cancellationToken);
            if (result.IsLockedOut)
            {
                // A lock-out also ends whatever sessions the account still has (someone may be guessing from elsewhere).
                await sessions.EndAllAsync(account!.Id, SessionEndReasons.LockedOut, null, null, cancellationToken);
            }

            if (!result.Succeeded)
            {
                var error = result.IsLockedOut ? "locked" : "1";
                var shownName = userName.Length > 40 || Domain.Common.Guard.HasForbiddenCharacters(userName) ? null : userName;
                var query = QueryString.Create(new Dictionary<string, string?> { ["error"] = error, ["userName"] = shownName, ["returnUrl"] = returnUrl });
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
            return Results.LocalRedirect(returnUrl ?? home);
        }).DisableAntiforgery();

        app.MapPost("/account/change-password", async (HttpContext http, IAntiforgery antiforgery, UserManager<StaffAccount> users,
            SignInManager<StaffAccount> signIn, SignInSessions sessions, AuditTrail audit, CancellationToken cancellationToken) =>
        {
            if (await ReadFormAsync(http, antiforgery, cancellationToken) is not { } form)
            {
                return Results.Redirect("/account/password?error=expired");
            }

            if (await users.GetUserAsync(http.User) is not { } account)
            {
                return Results.Redirect("/account/login");
            }

            string current = form["current"].ToString(), next = form["next"].ToString(), confirm = form["confirm"].ToString();
            var errors = new List<string>();
            if (!await users.CheckPasswordAsync(account, current))
            {
                errors.Add("current");
            }

            if (next != confirm)
            {
                errors.Add("mismatch");
            }

            if (next == current || next == Infrastructure.Persistence.Seeding.DemoDataSeeder.DemoPassword)
            {
                errors.Add("reused");
            }

            errors.AddRange(await PasswordRuleCodesAsync(users, account, next));
            if (errors.Count > 0)
            {
                return Results.Redirect($"/account/password{QueryString.Create(errors.Distinct().Select(e => KeyValuePair.Create("error", (string?)e)))}");
            }

            var changed = await users.ChangePasswordAsync(account, current, next);
            if (!changed.Succeeded)
            {
                return Results.Redirect($"/account/password{QueryString.Create(changed.Errors.Select(e => KeyValuePair.Create("error", (string?)e.Code)))}");
            }

            // Every other session of the account ends now; this one is issued afresh under the new security stamp.
            var by = http.User.Login();
            await audit.RecordAsync(audit.Entry(AuditKind.PasswordChanged, by, account.UserName ?? by, "本人修改了密码。"), cancellationToken);
            await sessions.EndAllAsync(account.Id, SessionEndReasons.PasswordChanged, by, http.User.FindFirst(DispatchClaims.SessionId)?.Value, cancellationToken);
            await signIn.RefreshSignInAsync(account);
            return Results.LocalRedirect("/?password=changed");
        }).DisableAntiforgery().RequireAuthorization();

        app.MapPost("/account/signout", async (HttpContext http, IAntiforgery antiforgery, SignInManager<StaffAccount> signIn, CancellationToken cancellationToken) =>
        {
            if (await ReadFormAsync(http, antiforgery, cancellationToken) is not null)
            {
                await signIn.SignOutAsync();
            }

            return Results.LocalRedirect("/account/login");
        }).DisableAntiforgery();
    }

    /// <summary>
    /// The posted form when its antiforgery token is valid; null for a stale token and for a form
    /// that cannot even be decoded (a %00 in a field), which is answered like a stale form.
    /// </summary>
    private static async Task<IFormCollection?> ReadFormAsync(HttpContext http, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        try
        {
            return await antiforgery.IsRequestValidAsync(http) ? await http.Request.ReadFormAsync(cancellationToken) : null;
        }
        catch (Exception ex) when (Hosting.ErrorReference.IsClientFault(ex))
        {
            return null;
        }
    }

    /// <summary>The codes of the password rules a new password breaks (Identity's rules; the demo password is never allowed).</summary>
    public static async Task<IReadOnlyList<string>> PasswordRuleCodesAsync(UserManager<StaffAccount> users, StaffAccount account, string password)
    {
        ArgumentNullException.ThrowIfNull(users);
        var codes = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            codes.AddRange((await validator.ValidateAsync(users, account, password)).Errors.Select(e => e.Code));
        }

        if (password == Infrastructure.Persistence.Seeding.DemoDataSeeder.DemoPassword)
        {
            codes.Add("reused");
        }

        return codes;
    }

    /// <summary>The Chinese message for a problem code of the password form (ours and Identity's password rules).</summary>
    public static string? PasswordProblem(string? code) => code switch
    {
        "current" => "当前密码不正确。",
        "mismatch" => "两次输入的新密码不一致。",
        "reused" => "新密码不能与当前密码或演示密码相同。",
        "expired" => "页面已过期，请重新填写。",
        "PasswordTooShort" => "新密码至少 8 位。",
        "PasswordRequiresNonAlphanumeric" => "新密码须包含至少一个符号（如 @ # !）。",
        "PasswordRequiresDigit" => "新密码须包含至少一个数字。",
        "PasswordRequiresLower" => "新密码须包含至少一个小写字母。",
        "PasswordRequiresUpper" => "新密码须包含至少一个大写字母。",
        "PasswordRequiresUniqueChars" => "新密码中不同的字符太少。",
        null or "" => null,
        _ => "新密码不符合要求，请换一个。",
    };

    /// <summary>
    /// A return address is followed only when it is a plain path on this site: one leading slash,
    /// printable ASCII without spaces or backslashes, at most 2,000 characters. Anything else —
    /// another host, a scheme, control characters, encoded tricks — leads to the home page instead.
    /// </summary>
    public static string? LocalPathOrNull(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 2000 || url[0] != '/' || (url.Length > 1 && url[1] is '/' or '\\'))
        {
            return null;
        }

        foreach (var c in url)
        {
            if (c is <= ' ' or > '~' or '\\')
            {
                return null;
            }
        }

        return Uri.TryCreate(url, UriKind.Relative, out _) ? url : null;
    }
}
