using System.Collections.Concurrent;

namespace Dispatch.Web.Walls;

/// <summary>
/// The wall files in wall-config/: lists them and reads one by name. A file is re-read when it
/// changes on disk, so an edited layout shows on the next load of the wall without a restart.
/// </summary>
public sealed class WallCatalog
{
    private readonly ConcurrentDictionary<string, (DateTime Stamp, WallFile File)> _cache = new(StringComparer.Ordinal);

    private (DateTime Stamp, TownshipMap? Map)? _locator;

    public WallCatalog(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    /// <summary>The folder named by <c>Wall:ConfigPath</c>, or else the nearest wall-config/ above the app's folder.</summary>
    public static string Locate(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured, contentRoot);
        }

        for (var folder = new DirectoryInfo(contentRoot); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "wall-config");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(contentRoot, "wall-config");
    }

    /// <summary>The names of the walls (file names without .json), in order.</summary>
    public IReadOnlyList<string> Names() =>
        System.IO.Directory.Exists(Directory)
            ? [.. System.IO.Directory.EnumerateFiles(Directory, "*.json")
                .Select(Path.GetFileNameWithoutExtension)
                .OfType<string>()
                .Where(n => !n.EndsWith(".schema", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)]
            : [];

    /// <summary>The wall named so; null when there is no such file (the name is checked, never used as a path as is).</summary>
    public WallFile? Find(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || !Names().Contains(name))
        {
            return null;
        }

        var path = Path.Combine(Directory, name + ".json");
        var stamp = StampOf(path);
        if (_cache.TryGetValue(name, out var cached) && cached.Stamp == stamp)
        {
            return cached.File;
        }

        var file = Read(name, path);
        _cache[name] = (stamp, file);
        return file;
    }

    private WallFile Read(string name, string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            return new WallFile(name, name + ".json", null, [new WallProblem(name + ".json", "（文件）", null, $"无法读取文件：{ex.Message}")]);
        }

        return WallFileReader.Read(name, name + ".json", json, ReadMap);
    }

    /// <summary>
    /// The first map in wall-config/maps/ that says where it lies on the earth (its bounds), to pin
    /// a case's coordinates on; null when none does or it does not read. Read again only when a
    /// map file changes.
    /// </summary>
    public TownshipMap? LocatorMap()
    {
        var maps = Path.Combine(Directory, "maps");
        if (!System.IO.Directory.Exists(maps))
        {
            return null;
        }

        var files = System.IO.Directory.EnumerateFiles(maps, "*.json").Order(StringComparer.Ordinal).ToList();
        var stamp = files.Select(File.GetLastWriteTimeUtc).DefaultIfEmpty().Max();
        if (_locator is { } cached && cached.Stamp == stamp)
        {
            return cached.Map;
        }

        var map = files
            .Select(file => (Problems: new List<WallProblem>(), File: file))
            .Select(f => (f.Problems, Map: WallFileReader.ReadMap(Path.GetFileName(f.File), File.ReadAllText(f.File), f.Problems)))
            .FirstOrDefault(m => m.Map is { Bounds: not null } && m.Problems.Count == 0).Map;
        _locator = (stamp, map);
        return map;
    }

    private string? ReadMap(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(Directory, relative));
        return path.StartsWith(Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>The newest write time of the file and the maps folder, so an edited map also re-reads its wall.</summary>
    private DateTime StampOf(string path)
    {
        var stamp = File.GetLastWriteTimeUtc(path);
        var maps = Path.Combine(Directory, "maps");
        if (System.IO.Directory.Exists(maps))
        {
            foreach (var map in System.IO.Directory.EnumerateFiles(maps, "*.json"))
            {
                var mapStamp = File.GetLastWriteTimeUtc(map);
                stamp = mapStamp > stamp ? mapStamp : stamp;
            }
        }

        return stamp;
    }
}
