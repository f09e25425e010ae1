namespace Dispatch.Domain.Organization;

/// <summary>
/// A center as the scope rule needs it: where it sits in the three levels, and whether its
/// whistle may summon the departments of the center above (a township calling the county's 职能部门).
/// </summary>
public sealed record CenterNode(Guid Id, Guid? ParentId, CenterLevel Level, string Name, string Code = "", bool SummonsParentDepartments = false);

/// <summary>
/// The centers a center's staff work for (三级综治中心): their own and every center below it — a
/// township and its villages, a village alone, the county all. They see and act on the cases
/// whose responsible center is in it, never a sibling's or a parent's.
/// </summary>
public sealed class CenterScope
{
    private readonly HashSet<Guid> _centers;

    private CenterScope(CenterNode own, HashSet<Guid> centers)
    {
        Own = own;
        _centers = centers;
    }

    public CenterNode Own { get; }

    public Guid CenterId => Own.Id;

    /// <summary>The own center and all below it.</summary>
    public IReadOnlySet<Guid> Centers => _centers;

    public bool IsCounty => Own.Level == CenterLevel.County;

    public bool Covers(Guid centerId) => _centers.Contains(centerId);

    /// <summary>The scope of <paramref name="centerId"/> in the hierarchy <paramref name="all"/>; null when there is no such center.</summary>
    public static CenterScope? Of(Guid centerId, IReadOnlyCollection<CenterNode> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        var own = all.FirstOrDefault(c => c.Id == centerId);
        if (own is null)
        {
            return null;
        }

        var centers = new HashSet<Guid> { own.Id };
        var children = all.Where(c => c.ParentId is not null).ToLookup(c => c.ParentId!.Value);
        var pending = new Queue<Guid>([own.Id]);
        while (pending.TryDequeue(out var next))
        {
            foreach (var child in children[next])
            {
                if (centers.Add(child.Id))
                {
                    pending.Enqueue(child.Id);
                }
            }
        }

        return new CenterScope(own, centers);
    }
}
