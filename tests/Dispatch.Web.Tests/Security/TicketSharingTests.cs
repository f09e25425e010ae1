using System.Security.Claims;
using Dispatch.Web.Security;
using Microsoft.AspNetCore.Authentication;

namespace Dispatch.Web.Tests.Security;

/// <summary>
/// A retrieved sign-in ticket shares its claims' strings with every other ticket of the same
/// account (a hub connection keeps its principal for its whole life), keeps every claim as it
/// was, and never pools a session's key.
/// </summary>
public class TicketSharingTests
{
    private static AuthenticationTicket Ticket(string session)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, "0199a2b4-0000-7000-8000-000000000001"),
                new Claim(ClaimTypes.Name, "住建局值班员"),
                new Claim(ClaimTypes.Role, Roles.DepartmentStaff),
                new Claim(DispatchClaims.SessionId, session),
            ],
            "Identity.Application");
        var properties = new AuthenticationProperties { ExpiresUtc = new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero) };

        // As the store reads it: deserialized from bytes, so every string is a fresh copy.
        return TicketSerializer.Default.Deserialize(TicketSerializer.Default.Serialize(new AuthenticationTicket(new ClaimsPrincipal(identity), properties, "Identity.Application")))!;
    }

    [Fact]
    public void TwoTicketsOfOneAccount_ShareTheirClaimStrings_ButNotTheSessionKey()
    {
        var first = DatabaseTicketStore.Shared(Ticket(new string('a', 43)));
        var second = DatabaseTicketStore.Shared(Ticket(new string('a', 43)));

        var a = first.Principal.Claims.ToList();
        var b = second.Principal.Claims.ToList();
        a.Select(c => (c.Type, c.Value)).ShouldBe(b.Select(c => (c.Type, c.Value)));
        for (var i = 0; i < a.Count; i++)
        {
            ReferenceEquals(a[i].Type, b[i].Type).ShouldBeTrue(a[i].Type);
            ReferenceEquals(a[i].Value, b[i].Value).ShouldBe(a[i].Type != DispatchClaims.SessionId, a[i].Type);
        }

        first.Principal.IsInRole(Roles.DepartmentStaff).ShouldBeTrue();
        first.Principal.Identity!.Name.ShouldBe("住建局值班员");
        first.Principal.Identity.AuthenticationType.ShouldBe("Identity.Application");
        first.Properties.ExpiresUtc.ShouldBe(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero));
        first.AuthenticationScheme.ShouldBe("Identity.Application");
    }
}
