namespace Dispatch.Domain.Common;

/// <summary>
/// The one place a state machine's legal moves are written. Anything not in the table throws
/// a <see cref="DomainException"/> naming the state and the attempted action in Chinese.
/// </summary>
public sealed class TransitionTable<TState, TAction>
    where TState : struct, Enum
    where TAction : struct, Enum
{
    private readonly Dictionary<(TState From, TAction Action), TState> _moves = [];
    private readonly Func<TState, string> _stateLabel;
    private readonly Func<TAction, string> _actionLabel;
    private readonly string _subject;

    public TransitionTable(string subject, Func<TState, string> stateLabel, Func<TAction, string> actionLabel)
    {
        _subject = subject;
        _stateLabel = stateLabel;
        _actionLabel = actionLabel;
    }

    public TransitionTable<TState, TAction> Allow(TState from, TAction action, TState to)
    {
        _moves.Add((from, action), to);
        return this;
    }

    public bool CanApply(TState from, TAction action) => _moves.ContainsKey((from, action));

    public TState Next(TState from, TAction action) =>
        _moves.TryGetValue((from, action), out var to)
            ? to
            : throw new DomainException(
                $"{_subject}当前为「{_stateLabel(from)}」，不能{_actionLabel(action)}。");

    public IEnumerable<(TState From, TAction Action, TState To)> Moves =>
        _moves.Select(m => (m.Key.From, m.Key.Action, m.Value));
}
