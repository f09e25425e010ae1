using Dispatch.Domain.Cases;
using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Queries;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Dispatch.Web.Components.Pages.Cases;

/// <summary>The intake form: a clerk registers a case from any channel; every bad field is listed at once.</summary>
public partial class CaseIntakePage
{
    [Inject]
    public required DispatchQueries Queries { get; init; }

    [Inject]
    public required CaseIntakeCommands Cases { get; init; }

    private sealed class PartyInput
    {
        public string? Name { get; set; }

        public string? Phone { get; set; }

        public string? IdNumber { get; set; }
    }

    private IReadOnlyList<CenterRow> _centers = [];
    private bool _ready;
    private Channel _channel = Channel.WalkIn;
    private CaseCategory _category = CaseCategory.PropertyManagement;
    private string? _township;
    private string? _village;
    private string? _title;
    private string? _address;
    private string? _description;
    private readonly List<PartyInput> _parties = [new()];
    private readonly List<NewAttachment> _files = [];
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private IReadOnlyList<DuplicateCandidate>? _duplicates;

    protected override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _centers = await Queries.CentersAsync(Stopping);
    }

    protected override Task ReloadAsync()
    {
        _ready = true;
        return Task.CompletedTask;
    }

    protected override bool IsRelevant(Dispatch.Web.Realtime.DispatchNotice notice) => false;

    private IntakeForm Form() => new(_channel, _category, _title, _description,
        [.. _parties.Select(p => new PartyForm(p.Name, p.Phone, p.IdNumber))], _township, _village, _address);

    private async Task PickFiles(InputFileChangeEventArgs e)
    {
        // Each pick adds to the list (a clerk scans papers one by one); 移除 takes one out.
        var (files, problems) = await Components.Shared.PickedFiles.ReadAsync(e, _files.Count, Stopping);
        _files.AddRange(files);
        _errors = problems.Count == 0 ? new Dictionary<string, string[]>() : new Dictionary<string, string[]> { ["files"] = [.. problems] };
    }

    private async Task SubmitAsync(bool ignoreDuplicates)
    {
        _errors = new Dictionary<string, string[]>();
        try
        {
            if (!ignoreDuplicates)
            {
                var (intake, _) = await Cases.ValidateAsync(Form(), await CenterAsync(), null, Stopping);
                _duplicates = await Cases.FindDuplicatesAsync(intake, Stopping);
                if (_duplicates.Count > 0)
                {
                    return;
                }
            }

            RegisteredCase? registered = null;
            if (await RunAsync(async user => registered = await Cases.RegisterAsync(user, Form(), _files, Stopping), "已登记") && registered is { } r)
            {
                Navigation.NavigateTo($"cases/{r.Id}?registered=1");
            }
        }
        catch (IntakeValidationException ex)
        {
            _errors = ex.Errors;
        }
    }

    private async Task MergeAsync(Guid caseId)
    {
        RegisteredCase? merged = null;
        try
        {
            if (await RunAsync(async user => merged = await Cases.MergeAsync(user, caseId, Form(), _files, Stopping), "已合并到原案件") && merged is { } m)
            {
                Navigation.NavigateTo($"cases/{m.Id}");
            }
        }
        catch (IntakeValidationException ex)
        {
            _errors = ex.Errors;
        }
    }

    private async Task<Guid> CenterAsync() =>
        (await Queries.StaffCenterAsync(User.StaffId, Stopping)) ?? Guid.Empty;

    /// <summary>The messages for one party's fields (parties[i].name, .phone, .idNumber).</summary>
    private List<string> PartyErrors(int index) =>
        [.. _errors.Where(e => e.Key.StartsWith($"parties[{index}].", StringComparison.Ordinal)).SelectMany(e => e.Value)];
}
