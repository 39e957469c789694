using RenderFarm.Jobs;
using RenderFarm.Notifications;

namespace RenderFarm.Tests.Notifications;

/// <summary>When a failed delivery is tried again and when it is given up; when a deadline's turn is told.</summary>
public sealed class DeliveryScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Waits_double_from_the_first_and_stop_growing_at_the_longest()
    {
        var delays = Enumerable.Range(1, 8).Select(attempt => RetrySchedule.DelayAfter(attempt, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(2)).TotalSeconds);

        Assert.Equal([10, 20, 40, 80, 120, 120, 120, 120], delays);
        Assert.Equal(TimeSpan.FromMinutes(2), RetrySchedule.DelayAfter(1000, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void A_delivery_is_due_again_after_each_failure_until_its_last_try_and_taken_when_one_succeeds()
    {
        var delivery = new Delivery
        {
            Record = new DeliveryRecord("d1", NotificationEvent.Completed, "email a@b.example", DeliveryState.Pending, [], T0, T0),
            Target = NotificationTarget.ForEmail("a@b.example"),
            Notice = new JobNotice(),
        };
        var first = TimeSpan.FromSeconds(10);

        delivery.Record = delivery.After(new DeliveryTry(T0, false, "HTTP 500"), 3, first, TimeSpan.FromMinutes(1));
        Assert.Equal((DeliveryState.Pending, T0.AddSeconds(10)), (delivery.Record.State, delivery.Record.NextTryAt));
        delivery.Record = delivery.After(new DeliveryTry(T0.AddSeconds(10), false, "HTTP 500"), 3, first, TimeSpan.FromMinutes(1));
        Assert.Equal((DeliveryState.Pending, T0.AddSeconds(30)), (delivery.Record.State, delivery.Record.NextTryAt));
        var taken = delivery.After(new DeliveryTry(T0.AddSeconds(30), true, "HTTP 200"), 3, first, TimeSpan.FromMinutes(1));
        var lost = delivery.After(new DeliveryTry(T0.AddSeconds(30), false, "HTTP 503"), 3, first, TimeSpan.FromMinutes(1));

        Assert.Equal((DeliveryState.Delivered, 3, (DateTimeOffset?)null), (taken.State, taken.Attempts, taken.NextTryAt));
        Assert.Equal((DeliveryState.GaveUp, 3, (DateTimeOffset?)null), (lost.State, lost.Attempts, lost.NextTryAt));
        Assert.Equal(["HTTP 500", "HTTP 500", "HTTP 503"], lost.Tries.Select(t => t.Outcome));
    }

    [Fact]
    public void A_deadline_turning_late_is_told_once_until_it_is_back_on_track()
    {
        var late = new DeadlineOutlook(T0, T0.AddMinutes(5), "progress");
        var onTrack = new DeadlineOutlook(T0, T0.AddMinutes(-5), "progress");

        Assert.Equal((true, true), DeadlineWatch.Turn(false, late));
        Assert.Equal((true, false), DeadlineWatch.Turn(true, late));
        Assert.Equal((true, false), DeadlineWatch.Turn(true, null));
        Assert.Equal((false, false), DeadlineWatch.Turn(true, onTrack));
        Assert.Equal((false, false), DeadlineWatch.Turn(false, null));
    }
}
