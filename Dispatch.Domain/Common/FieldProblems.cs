namespace Dispatch.Domain.Common;

/// <summary>
/// Every bad field of one input, collected so that a form or an API answer can list them all at
/// once: field name (as the caller spelled it) → the messages a clerk reads.
/// </summary>
public sealed class FieldProblems
{
    private readonly Dictionary<string, List<string>> _problems = new(StringComparer.Ordinal);

    public FieldProblems()
    {
    }

    public FieldProblems(IReadOnlyDictionary<string, string[]>? known)
    {
        foreach (var (field, messages) in known ?? new Dictionary<string, string[]>())
        {
            foreach (var message in messages)
            {
                Add(field, message);
            }
        }
    }

    public bool Any => _problems.Count > 0;

    public bool Has(string field) => _problems.ContainsKey(field);

    public void Add(string field, string message)
    {
        if (!_problems.TryGetValue(field, out var list))
        {
            _problems[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>
    /// Runs a domain check; its refusal becomes the field's problem instead of an exception. A field
    /// that already has a problem (a value of the wrong type, say) is not checked again: "please
    /// fill in" after "not text" would only confuse.
    /// </summary>
    public T? Check<T>(string field, Func<T> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (Has(field))
        {
            return default;
        }

        try
        {
            return check();
        }
        catch (DomainException ex)
        {
            Add(field, ex.Message);
            return default;
        }
    }

    public Dictionary<string, string[]> ToDictionary() => _problems.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
}
