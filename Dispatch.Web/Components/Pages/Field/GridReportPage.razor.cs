using Dispatch.Domain.Cases;
using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Queries;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;

namespace Dispatch.Web.Components.Pages.Field;

/// <summary>
/// The grid worker's phone (小事网格解): 上报事件 with a category, a line and the details, photos
/// from the camera, the position from the phone (or a place typed in) and the party if known;
/// below it, what became of every report. The case lands at the grid worker's village center.
/// </summary>
public sealed partial class GridReportPage
{
    /// <summary>Photos under this size get a thumbnail on the page (a data URL the circuit sends once).</summary>
    private const int PreviewBytes = 1_500_000;

    private IReadOnlyList<FieldReportRow> _reports = [];
    private readonly List<PickedPhoto> _photos = [];
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private CaseCategory _category = CaseCategory.Neighbourhood;
    private string? _title;
    private string? _description;
    private string? _address;
    private string? _partyName;
    private string? _partyPhone;
    private Position? _position;
    private string? _locateMessage;
    private bool _locating;
    private bool _loaded;
    private RegisteredCase? _last;

    [Inject]
    public required CaseIntakeCommands Intake { get; init; }

    [Inject]
    public required DispatchQueries Queries { get; init; }

    [Inject]
    public required IJSRuntime Js { get; init; }

    protected override async Task ReloadAsync()
    {
        _reports = User.CenterId is { } village ? await Queries.FieldReportsAsync(User.StaffId, village, 30, Stopping) : [];
        _loaded = true;
    }

    /// <summary>Only notices about the grid worker's own reports refresh the list.</summary>
    protected override bool IsRelevant(Realtime.DispatchNotice notice) => _reports.Any(r => r.Id == notice.CaseId);

    private async Task LocateAsync()
    {
        _locating = true;
        _locateMessage = null;
        try
        {
            var found = await Js.InvokeAsync<LocateResult>("dispatchField.locate", Stopping);
            if (found is { Ok: true, Latitude: { } latitude, Longitude: { } longitude })
            {
                _position = new Position(latitude, longitude, found.Accuracy);
            }
            else
            {
                _locateMessage = found?.Message ?? "暂时无法定位，请手工填写事发地点。";
            }
        }
        catch (JSException)
        {
            _locateMessage = "暂时无法定位，请手工填写事发地点。";
        }
        finally
        {
            _locating = false;
        }
    }

    private async Task PickPhotos(InputFileChangeEventArgs e)
    {
        var (files, problems) = await Components.Shared.PickedFiles.ReadAsync(e, _photos.Count, Stopping);
        foreach (var file in files)
        {
            var preview = file.Content.Length <= PreviewBytes && file.ContentType.StartsWith("image/", StringComparison.Ordinal) ? $"data:{file.ContentType};base64,{Convert.ToBase64String(file.Content)}" : null;
            _photos.Add(new PickedPhoto(file, preview));
        }

        _errors = problems.Count == 0 ? new Dictionary<string, string[]>() : new Dictionary<string, string[]> { ["files"] = [.. problems] };
    }

    private async Task SubmitAsync()
    {
        _errors = new Dictionary<string, string[]>();
        _last = null;
        var report = new FieldReport(_category, _title, _description, _address,
            _position?.Latitude, _position?.Longitude, _partyName, _partyPhone);
        try
        {
            RegisteredCase? registered = null;
            if (await RunAsync(async user => registered = await Intake.ReportFromFieldAsync(user, report, [.. _photos.Select(p => p.File)], Stopping), "已上报"))
            {
                _last = registered;
                _title = _description = _address = _partyName = _partyPhone = null;
                _position = null;
                _photos.Clear();
                await ReloadAsync();
            }
        }
        catch (IntakeValidationException ex)
        {
            _errors = ex.Errors;
        }
    }

    private sealed record PickedPhoto(NewAttachment File, string? Preview);

    private sealed record Position(double Latitude, double Longitude, double? Accuracy);

    /// <summary>What field.js answers.</summary>
    private sealed record LocateResult(bool Ok, double? Latitude, double? Longitude, double? Accuracy, string? Message);
}
