namespace Dispatch.Domain.Organization;

/// <summary>The three levels of governance centers; a case moves up when a lower level fails.</summary>
public enum CenterLevel
{
    Village = 1,
    Township = 2,
    County = 3,
}
