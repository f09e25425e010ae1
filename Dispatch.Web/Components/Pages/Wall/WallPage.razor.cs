using Dispatch.Infrastructure.Presence;
using Dispatch.Infrastructure.Queries;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Walls;
using Microsoft.AspNetCore.Components;

namespace Dispatch.Web.Components.Pages.Wall;

/// <summary>
/// One situation wall, laid out by its file in wall-config/. Read-only. Reloads on every notice
/// (throttled by the file's throttleMs), re-reads everything every fullSeconds, pages long lists
/// every rotateSeconds, and picks up an edited file by itself.
/// </summary>
public sealed partial class WallPage : LivePage
{
    private static readonly TimeSpan FileCheckEvery = TimeSpan.FromSeconds(5);

    private readonly WhistleFreshness _freshness = new();
    private WallFile? _file;
    private WallLayout? _layout;
    private WallScope? _scope;
    private IReadOnlyList<WallProblem> _problems = [];
    private WallData? _data;
    private DutyBoardView? _duty;
    private bool _stale;
    private int _rotation;
    private DateTimeOffset _rotatedAt;
    private DateTimeOffset _loadedAt;
    private DateTimeOffset _fileCheckedAt;

    [Parameter]
    public string Name { get; set; } = string.Empty;

    [Inject]
    public required WallCatalog Catalog { get; init; }

    [Inject]
    public required WallQueries Queries { get; init; }

    [Inject]
    public required WallDataLoader Loader { get; init; }

    [Inject]
    public required PresenceBoard Presence { get; init; }

    [Inject]
    public required ILogger<WallPage> Logger { get; init; }

    [Inject]
    public required Security.UserScope UserScope { get; init; }

    /// <summary>Set (to the user's center) when the wall watches a center outside the user's reach.</summary>
    private string? _deniedTo;

    protected override TimeSpan Throttle => TimeSpan.FromMilliseconds(_layout?.Refresh.ThrottleMs ?? 500);

    private string FilePath => System.IO.Path.Combine(Catalog.Directory, Name + ".json");

    private IReadOnlySet<Guid> FreshWhistles => _freshness.FreshAt(Now);

    protected override async Task InitializeAsync()
    {
        (_file, _problems, _scope) = await WallConfigCheck.ResolveAsync(Catalog, Queries, Name, Stopping);
        _layout = _scope is null ? null : _file?.Layout;
        if (_scope is not null && await UserScope.ScopeAsync(Stopping) is { } own && !own.Covers(_scope.CenterId))
        {
            // A township's staff open their own wall, never the county's or a sibling's.
            (_deniedTo, _layout) = (own.Own.Name, null);
        }

        _rotatedAt = _fileCheckedAt = Now;
        await RefreshPresenceAsync();
    }

    protected override async Task ReloadAsync()
    {
        if (_layout is null || _scope is null)
        {
            return;
        }

        try
        {
            var data = await Loader.LoadAsync(_layout, _scope, Stopping);
            _freshness.Read(data.Whistles, Now);
            _data = data;
            _stale = false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Keep showing the last data, marked, and try again on the next tick or notice.
            Logger.LogWarning(ex, "Wall {Name} could not read its data", Name);
            _stale = true;
        }

        _loadedAt = Now;
    }

    protected override async Task RefreshPresenceAsync()
    {
        if (_layout?.Tiles.Any(t => t.Type == WallTileType.DepartmentBoard) == true)
        {
            _duty = await Presence.ReadAsync(onlyDepartments: null, Stopping);
        }
    }

    protected override async Task OnTickAsync()
    {
        if (Now - _fileCheckedAt >= FileCheckEvery)
        {
            _fileCheckedAt = Now;
            if (!ReferenceEquals(Catalog.Find(Name), _file))
            {
                Logger.LogInformation("Wall {Name}: its file changed, re-reading", Name);
                _data = null;
                _freshness.Reset();
                await InitializeAsync();
                await ReloadAsync();
                return;
            }
        }

        if (_layout is null)
        {
            return;
        }

        if (Now - _rotatedAt >= TimeSpan.FromSeconds(_layout.Refresh.RotateSeconds))
        {
            _rotatedAt = Now;
            _rotation++;
        }

        if (Now - _loadedAt >= TimeSpan.FromSeconds(_stale ? 5 : _layout.Refresh.FullSeconds))
        {
            await ReloadAsync();
        }
    }
}
