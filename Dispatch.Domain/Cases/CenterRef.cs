using Dispatch.Domain.Organization;

namespace Dispatch.Domain.Cases;

/// <summary>A center a case can move to: the use case looks it up, the case only records it.</summary>
public sealed record CenterRef(Guid Id, CenterLevel Level, string Name);
