using Bunit;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Queries;
using Dispatch.Tests.Shared;
using Dispatch.Web.Components.Pages.Console;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dispatch.Web.Tests.Components;

/// <summary>The blow dialog over the demo county: suggestions from history, presets, every problem at once, the nobody-present warning.</summary>
[Collection(WebAppCollection.Name)]
public sealed class BlowWhistleDialogTests : ComponentTest
{
    private readonly DispatchWebFactory _app;

    public BlowWhistleDialogTests(DispatchWebFactory app)
    {
        _app = app;
        Services.AddFallbackServiceProvider(app.Services);
    }

    private DispatchQueries Queries => _app.Services.GetRequiredService<DispatchQueries>();

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, Task<Guid?> Result, CaseRow Case)> OpenAsync()
    {
        var provider = RenderDialogProvider();
        var row = (await Queries.CasesAsync(new CaseQuery(OpenOnly: true, Take: 50), CancellationToken.None)).Rows
            .First(r => r.Status == Domain.Cases.CaseStatus.Handling);
        var director = await DemoActions.OperatorAsync(_app.Services, "director");
        var dialogs = Services.GetRequiredService<IDialogService>();
        Task<Guid?> result = null!;
        // A statement lambda: InvokeAsync must not await the dialog's result, only open it.
        await provider.InvokeAsync(() => { result = BlowWhistleDialog.OpenAsync(dialogs, row, director); });
        provider.WaitForElement(".blow-dialog[data-ready=true]");
        return (provider, result, row);
    }

    [Fact]
    public async Task It_suggests_the_departments_that_handled_the_category_most_in_that_order_with_presence()
    {
        var (provider, _, row) = await OpenAsync();
        var experience = await Queries.ExperienceAsync(row.Category, 4, CancellationToken.None);
        var departments = await Queries.DepartmentsAsync(null, CancellationToken.None);
        experience.ShouldNotBeEmpty();

        var suggested = provider.FindAll("#suggested-departments .department-pick");
        suggested.Select(b => b.GetAttribute("data-department")).ShouldBe(experience.Select(e => departments.Single(d => d.Id == e.DepartmentId).ShortName));
        suggested.Select(b => b.QuerySelector(".pick-experience")!.TextContent).ShouldBe(experience.Select(e => $"办理过 {e.Count} 次"));
        suggested.ShouldAllBe(b => b.QuerySelector(".pick-presence") != null);
        provider.FindAll("#all-departments .department-pick").Count.ShouldBe(departments.Count - experience.Count);
    }

    [Fact]
    public async Task A_preset_fills_the_limits_and_an_edit_makes_it_custom()
    {
        var (provider, _, _) = await OpenAsync();

        provider.Find("button[data-preset=紧急]").Click();
        provider.FindAll(".limit input").Select(i => i.GetAttribute("value")).ShouldBe(["5", "30", "1"]);
        provider.Find("button[data-preset=紧急]").GetAttribute("aria-pressed").ShouldBe("true");

        provider.FindAll(".limit input")[0].Change("8");
        provider.Find("button[data-preset=紧急]").GetAttribute("aria-pressed").ShouldBe("false");
        provider.FindAll("button[data-preset][aria-pressed=true]").ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_problem_is_listed_at_once_and_nothing_is_blown()
    {
        var (provider, result, row) = await OpenAsync();
        var before = await OpenWhistlesAsync(row.Id);

        provider.FindAll(".limit input")[0].Change("0");
        provider.FindAll(".limit input")[2].Change("");
        provider.Find(".blow-message").Input(new string('说', BlowWhistleDialog.MessageLimit + 1));
        provider.Find("#blow-submit").Click();

        provider.FindAll("#blow-problems li").Select(li => li.TextContent).ShouldBe(
        [
            "请至少选择一个召集部门。",
            "报到时限请填写 1 到 999 之间的整数。",
            "反馈时限请填写 1 到 999 之间的整数。",
            $"吹哨说明最多 {BlowWhistleDialog.MessageLimit} 字，现有 {BlowWhistleDialog.MessageLimit + 1} 字。",
        ]);
        result.IsCompleted.ShouldBeFalse();
        (await OpenWhistlesAsync(row.Id)).ShouldBe(before);
    }

    [Fact]
    public async Task Picking_a_department_nobody_is_on_duty_for_warns_before_blowing()
    {
        var (provider, result, _) = await OpenAsync();
        provider.FindAll("#nobody-present-warning").ShouldBeEmpty();
        var pick = provider.FindAll(".department-pick").First(b => b.QuerySelector(".pick-presence.none") != null);
        var name = pick.GetAttribute("data-department")!;

        provider.Find($".department-pick[data-department='{name}']").Click();

        provider.Find("#nobody-present-warning").TextContent.ShouldContain($"{name} 当前无人在岗。");
        provider.Find($".department-pick[data-department='{name}']").GetAttribute("aria-pressed").ShouldBe("true");
        result.IsCompleted.ShouldBeFalse();
    }

    private async Task<int> OpenWhistlesAsync(Guid caseId)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        return await db.Whistles.CountAsync(w => w.CaseId == caseId && w.Status == WhistleStatus.Open);
    }
}
