namespace Dispatch.Domain.Common;

/// <summary>
/// A rule of the domain was broken. The message is written for the person at the screen
/// (zh-CN), because it is shown to them as it is.
/// </summary>
public class DomainException(string message) : Exception(message);
