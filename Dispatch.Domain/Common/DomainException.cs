namespace Dispatch.Domain.Common;

/// <summary>
/// A rule of the domain was broken. The message is written for the person at the screen
/// (zh-CN), because it is shown to them as it is.
/// </summary>
public class DomainException : Exception
{
    public DomainException(string message)
        : base(message) => Problems = [message];

    /// <summary>Several problems found at once (a form with several wrong fields): the message names them all, <see cref="Problems"/> one by one.</summary>
    public DomainException(IReadOnlyList<string> problems)
        : base(string.Join("；", problems ?? throw new ArgumentNullException(nameof(problems))) + "。") => Problems = [.. problems.Select(p => p + "。")];

    /// <summary>Each problem as its own sentence, for a form to list.</summary>
    public IReadOnlyList<string> Problems { get; }
}
