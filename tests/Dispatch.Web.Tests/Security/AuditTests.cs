using System.Net;
using Dispatch.Domain.Escalation;
using Dispatch.Infrastructure.Escalation;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Presence;
using Dispatch.Infrastructure.Security;
using Dispatch.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Security;

/// <summary>The audit trail records who did what, when and from where, and nobody can change it.</summary>
[Collection(WebAppCollection.Name)]
public class AuditTests(DispatchWebFactory factory)
{
    private AuditTrail Audit => factory.Services.GetRequiredService<AuditTrail>();

    private async Task<List<AuditEntry>> EntriesAsync(AuditKind kind, string actor) =>
        [.. (await Audit.QueryAsync(new AuditFilter(Kind: kind, Actor: actor), 0, 100, CancellationToken.None)).Entries];

    [Fact]
    public async Task Sign_ins_failed_sign_ins_and_refusals_are_recorded_with_the_address()
    {
        // A real listener, so that requests come from a network address (the in-memory server has none).
        using var app = DispatchWebFactory.WithRealServer();
        using var session = new WebSession(app.ServerAddress);
        var audit = app.Services.GetRequiredService<AuditTrail>();
        async Task<List<AuditEntry>> EntriesAsync(AuditKind kind, string actor) =>
            [.. (await audit.QueryAsync(new AuditFilter(Kind: kind, Actor: actor), 0, 100, CancellationToken.None)).Entries];
        await session.SignInAsync("wjj01", "wrong-password");
        await session.SignInAsync("wjj01");

        // A department terminal asking for the administrators' page is refused, and recorded.
        using var refused = await session.Client.GetAsync(new Uri("/admin/audit", UriKind.Relative));

        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        refused.Headers.Location!.ToString().ShouldContain("/account/denied");
        (await EntriesAsync(AuditKind.SignInFailed, "wjj01")).ShouldHaveSingleItem().Summary.ShouldBe("登录失败：密码不正确。");
        var signedIn = (await EntriesAsync(AuditKind.SignedIn, "wjj01")).ShouldHaveSingleItem();
        signedIn.Address.ShouldBe("127.0.0.1");
        (await EntriesAsync(AuditKind.AccessDenied, "wjj01")).ShouldHaveSingleItem().Target.ShouldBe("GET /admin/audit");
    }

    [Fact]
    public async Task A_policy_change_and_a_roster_change_are_recorded_with_before_and_after_in_the_same_commit()
    {
        var admin = await DemoActions.OperatorAsync(factory.Services, "admin");
        var policies = factory.Services.GetRequiredService<EscalationPolicies>();
        var steps = EscalationPolicy.Standard.Steps;
        var saved = await policies.SaveAsync(admin, null, "审计测试规则", steps, isDefault: false);
        saved.Problems.ShouldBeEmpty();
        await policies.SaveAsync(admin, saved.Id, "审计测试规则（改）", steps, isDefault: false);

        var entries = await EntriesAsync(AuditKind.EscalationPolicyChanged, "admin");
        var edit = entries.First(e => e.Target == "审计测试规则（改）");
        edit.Before!.ShouldContain("审计测试规则");
        edit.After!.ShouldContain("审计测试规则（改）");
        entries.ShouldContain(e => e.Summary == "新建超时预警规则「审计测试规则」。" && e.Before == null);

        var director = await DemoActions.OperatorAsync(factory.Services, "director");
        var department = await DemoActions.DepartmentIdAsync(factory.Services, "教育局");
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        var member = await db.Staff.Where(s => s.DepartmentId == department).OrderBy(s => s.UserName).FirstAsync();
        var day = DateOnly.FromDateTime(DispatchWebFactory.Clock.GetUtcNow().AddDays(3).UtcDateTime);
        await factory.Services.GetRequiredService<DutyCommands>().SetRosterAsync(director, department, day, [member.Id]);

        var roster = (await EntriesAsync(AuditKind.RosterChanged, "director")).First(e => e.Target == $"教育局 {day:yyyy-MM-dd}");
        roster.After!.ShouldContain(member.DisplayName);
    }

    [Fact]
    public async Task Nobody_can_change_or_delete_a_record_not_even_through_the_database()
    {
        await Audit.RecordAsync(Audit.Entry(AuditKind.SignInFailed, "nobody", "nobody", "测试记录"), CancellationToken.None);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();

        var update = await Should.ThrowAsync<Exception>(() => db.AuditEntries.Where(e => e.Actor == "nobody").ExecuteUpdateAsync(u => u.SetProperty(e => e.Summary, "改掉")));
        var delete = await Should.ThrowAsync<Exception>(() => db.AuditEntries.Where(e => e.Actor == "nobody").ExecuteDeleteAsync());

        update.Message.ShouldContain("append-only");
        delete.Message.ShouldContain("append-only");
        (await EntriesAsync(AuditKind.SignInFailed, "nobody")).ShouldHaveSingleItem().Summary.ShouldBe("测试记录");
    }

    [Fact]
    public async Task Administrators_export_the_trail_as_csv_with_the_filters_and_nobody_else_can()
    {
        using var admin = new WebSession(factory);
        await admin.SignInAsync("admin");
        using var director = new WebSession(factory);
        await director.SignInAsync("director");

        using var csv = await admin.Client.GetAsync(new Uri("/admin/audit.csv?kind=SignedIn&actor=director", UriKind.Relative));
        using var refused = await director.Client.GetAsync(new Uri("/admin/audit.csv", UriKind.Relative));
        using var bad = await admin.Client.GetAsync(new Uri("/admin/audit.csv?kind=Everything", UriKind.Relative));

        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("编号,时间,类型,操作人,来源地址,对象,说明,修改前,修改后");
        lines.Skip(1).ShouldNotBeEmpty();
        lines.Skip(1).ShouldAllBe(l => l.Contains(",登录,director,", StringComparison.Ordinal));
        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
