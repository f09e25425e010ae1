using Dispatch.Domain.Whistles;
using Dispatch.Web.Tests.Components;
using Dispatch.Web.Walls;

namespace Dispatch.Web.Tests.Walls;

/// <summary>Which whistles the wall flashes and pins: blown just now, or answered just now.</summary>
public sealed class WhistleFreshnessTests
{
    private static readonly DateTimeOffset Opened = new(2026, 11, 17, 10, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void On_the_first_read_only_whistles_blown_just_now_are_fresh()
    {
        var old = Rows.Whistle("GZ-OLD", Opened.AddMinutes(-30), Rows.Summons(Opened.AddMinutes(-30)));
        var recent = Rows.Whistle("GZ-NEW", Opened.AddSeconds(-5), Rows.Summons(Opened.AddSeconds(-5)));
        var freshness = new WhistleFreshness();

        freshness.Read([old, recent], Opened);

        freshness.FreshAt(Opened).ShouldBe([recent.Id]);
    }

    [Fact]
    public void A_whistle_blown_after_the_wall_opened_is_fresh_for_its_window_then_not()
    {
        var freshness = new WhistleFreshness();
        freshness.Read([], Opened);
        var blown = Rows.Whistle("GZ-1", Opened.AddMinutes(-3), Rows.Summons(Opened.AddMinutes(-3)));

        freshness.Read([blown], Opened.AddMinutes(1));

        freshness.FreshAt(Opened.AddMinutes(1) + WhistleFreshness.For - TimeSpan.FromSeconds(1)).ShouldBe([blown.Id]);
        freshness.FreshAt(Opened.AddMinutes(1) + WhistleFreshness.For).ShouldBeEmpty();
    }

    [Fact]
    public void A_department_answering_makes_its_whistle_fresh_again_and_a_read_without_change_does_not()
    {
        var summons = Rows.Summons(Opened.AddMinutes(-30));
        var whistle = Rows.Whistle("GZ-1", Opened.AddMinutes(-30), summons);
        var freshness = new WhistleFreshness();
        freshness.Read([whistle], Opened);
        freshness.Read([whistle], Opened.AddMinutes(1));
        freshness.FreshAt(Opened.AddMinutes(1)).ShouldBeEmpty();

        var answered = whistle with { Summonses = [summons with { State = SummonsState.Acknowledged }] };
        freshness.Read([answered], Opened.AddMinutes(2));

        freshness.FreshAt(Opened.AddMinutes(2)).ShouldBe([whistle.Id]);
    }

    [Fact]
    public void A_whistle_that_ended_is_forgotten_and_reset_starts_over()
    {
        var whistle = Rows.Whistle("GZ-1", Opened.AddSeconds(-1), Rows.Summons(Opened.AddSeconds(-1)));
        var freshness = new WhistleFreshness();
        freshness.Read([whistle], Opened);
        freshness.Read([], Opened.AddSeconds(1));
        freshness.FreshAt(Opened.AddSeconds(1)).ShouldBeEmpty();

        freshness.Read([whistle], Opened.AddSeconds(2));
        freshness.Reset();
        freshness.Read([whistle], Opened.AddMinutes(5));

        // After a reset the next read is a first read again: a whistle blown five minutes ago does not flash.
        freshness.FreshAt(Opened.AddMinutes(5)).ShouldBeEmpty();
    }
}
