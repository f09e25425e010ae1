namespace Dispatch.Web.Components.Charts;

/// <summary>One bucket of the trend chart: its axis label, cases received and cases closed in it.</summary>
public sealed record ChartBucket(string Label, int Received, int Closed);

/// <summary>A value axis from zero with round steps (1, 2 or 5 × 10ⁿ), at most five of them.</summary>
public sealed record AxisScale(int Max, IReadOnlyList<int> Ticks)
{
    private static readonly int[] Multiples = [1, 2, 5];

    public static AxisScale For(int largest)
    {
        if (largest <= 0)
        {
            return new AxisScale(1, [0, 1]);
        }

        var step = 1;
        foreach (var magnitude in Enumerable.Range(0, 10).Select(n => (int)Math.Pow(10, n)))
        {
            var fitting = Multiples.Select(m => m * magnitude).FirstOrDefault(s => (largest + s - 1) / s <= 5);
            if (fitting > 0)
            {
                step = fitting;
                break;
            }
        }

        var max = (largest + step - 1) / step * step;
        return new AxisScale(max, [.. Enumerable.Range(0, max / step + 1).Select(i => i * step)]);
    }
}
