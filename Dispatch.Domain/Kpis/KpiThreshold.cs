namespace Dispatch.Domain.Kpis;

/// <summary>Red, amber or green: how a KPI reads against its thresholds.</summary>
public enum KpiStatus
{
    /// <summary>No data to judge (an empty denominator): shown grey, never as a pass or a fail.</summary>
    Unknown,
    Green,
    Amber,
    Red,
}

/// <summary>
/// A KPI's target and its red/amber/green thresholds. For a rate higher is better (green at or
/// above <see cref="Green"/>); for a time lower is better (green at or below it). Between the
/// two thresholds is amber; past <see cref="Amber"/> is red.
/// </summary>
public sealed record KpiThreshold(double Target, double Green, double Amber, bool HigherIsBetter)
{
    /// <summary>Whether the thresholds are in the right order for the direction; the wall-config validator uses it.</summary>
    public bool IsOrdered => HigherIsBetter ? Green >= Amber : Green <= Amber;

    public KpiStatus Evaluate(double? value)
    {
        if (value is not { } v)
        {
            return KpiStatus.Unknown;
        }

        bool AtLeast(double threshold) => HigherIsBetter ? v >= threshold : v <= threshold;
        return AtLeast(Green) ? KpiStatus.Green : AtLeast(Amber) ? KpiStatus.Amber : KpiStatus.Red;
    }

    /// <summary>Whether the target is met; null without data.</summary>
    public bool? MeetsTarget(double? value) => value is { } v ? (HigherIsBetter ? v >= Target : v <= Target) : null;
}

/// <summary>One local day of the 30-day trend.</summary>
public sealed record DailyCount(DateOnly Day, int Received, int Closed);
