namespace Dispatch.Domain.Cases;

/// <summary>What the duplicate check needs to know of an earlier case.</summary>
public sealed record DuplicateCandidate(Guid Id, string Code, CaseCategory Category, Guid? TownshipId, Guid? VillageId, string? Address, DateTimeOffset ReceivedAt, bool IsOpen, IReadOnlyList<Party> Parties);

/// <summary>
/// A new intake probably repeats an earlier case when it is the same person (ID number or
/// phone, or the name when neither is known), the same category and the same place, received
/// within <see cref="Window"/>. The clerk is offered a merge; nothing is merged without them.
/// </summary>
public sealed class DuplicateRule(TimeSpan window)
{
    public static readonly DuplicateRule Default = new(TimeSpan.FromDays(30));

    public TimeSpan Window { get; } = window > TimeSpan.Zero ? window : throw new ArgumentOutOfRangeException(nameof(window));

    public DateTimeOffset Since(DateTimeOffset receivedAt) => receivedAt - Window;

    public bool IsDuplicate(CaseIntake intake, DuplicateCandidate earlier)
    {
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(earlier);
        return earlier.Category == intake.Category
            && (intake.ReceivedAt - earlier.ReceivedAt).Duration() <= Window
            && SamePlace(intake, earlier)
            && intake.Parties.Any(p => earlier.Parties.Any(e => e.IsSamePerson(p)));
    }

    /// <summary>Open cases first, then the newest.</summary>
    public IReadOnlyList<DuplicateCandidate> Find(CaseIntake intake, IEnumerable<DuplicateCandidate> candidates) =>
        [.. candidates.Where(c => IsDuplicate(intake, c)).OrderByDescending(c => c.IsOpen).ThenByDescending(c => c.ReceivedAt)];

    private static bool SamePlace(CaseIntake intake, DuplicateCandidate earlier)
    {
        if (intake.VillageId is not null && earlier.VillageId is not null)
        {
            return intake.VillageId == earlier.VillageId;
        }

        if (intake.TownshipId is not null && earlier.TownshipId is not null)
        {
            return intake.TownshipId == earlier.TownshipId;
        }

        return Normalize(intake.Address) is { } a && a == Normalize(earlier.Address);
    }

    private static string? Normalize(string? address) =>
        string.IsNullOrWhiteSpace(address) ? null : new string([.. address.Where(c => !char.IsWhiteSpace(c) && !char.IsPunctuation(c))]);
}
