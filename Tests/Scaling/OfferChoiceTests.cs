using RenderFarm.Costs;
using RenderFarm.Jobs;
using RenderFarm.Scaling;
using RenderFarm.Scheduling;

namespace RenderFarm.Tests.Scaling;

public sealed class OfferChoiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    // The catalogue's g4dn.xlarge: 4 cores, 4 slots; spot 60 % off.
    private static readonly OfferTerms Spot = Terms("aws/us-east-1/g4dn.xlarge/spot", reclaimsPerHour: 0.05);
    private static readonly OfferTerms OnDemand = Terms("aws/us-east-1/g4dn.xlarge/on-demand", reclaimsPerHour: 0);

    // Boot 3 min, rework unset (half a piece), margin 10 min, at most 10 machines of 4 slots.
    private static readonly ChoiceSettings Settings = ChoiceSettings.From(new AutoscalerOptions { MaxNodes = 10 });

    private static OfferTerms Terms(string key, double reclaimsPerHour) =>
        new(PriceCatalogue.Defaults.Find(key)!, Slots: 4, reclaimsPerHour);

    /// <summary>A job of pieces of 10 minutes each, all queued (8: 80 slot-minutes, 10 minutes on 8 slots).</summary>
    private static JobOutlook Job(TimeSpan? deadlineIn = null, decimal? costLeft = null, int pieces = 8, int id = 1) =>
        new(new Guid(id, 0, 0, new byte[8]), TimeSpan.FromMinutes(10) * pieces, pieces, pieces, deadlineIn is { } d ? Now + d : null, costLeft);

    private static OfferChoice Choose(int machines, params JobOutlook[] jobs) =>
        OfferChooser.Choose([OnDemand, Spot], jobs, machines, Settings, Now);

    [Fact]
    public void Spot_costs_its_price_times_one_plus_the_rework_of_its_reclaims()
    {
        var fit = OfferFit.Of(Spot, Job(), Settings, Now);

        // 0.05 reclaims/h × (5 min lost, half a piece, + 3 min a replacement's boot) = 0.05 × 8/60.
        Assert.Equal(0.05 * 8 / 60, fit.ReworkShare, 12);
        Assert.Equal(0.2104m / 4 * (decimal)(1 + 0.05 * 8 / 60), fit.CostPerSlotHour);
        Assert.Equal(0.526m / 4, OfferFit.Of(OnDemand, Job(), Settings, Now).CostPerSlotHour);
    }

    [Fact]
    public void Work_without_a_deadline_takes_the_cheapest_and_says_what_it_costs_against_on_demand()
    {
        var pick = Assert.Single(Choose(3, Job()).Picks);

        Assert.Equal((Spot.Offer.Key, 3), (pick.Terms.Offer.Key, pick.Machines));
        Assert.Contains("0.2118/h expected with the rework of 0.05 reclaims/h (0.7 %)", pick.Reason, StringComparison.Ordinal);
        Assert.Contains("against on-demand aws/us-east-1/g4dn.xlarge/on-demand at 0.526/h", pick.Reason, StringComparison.Ordinal);
        Assert.Contains("no deadline", pick.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deadline_with_room_to_spare_stays_on_spot()
    {
        // 10 min of work on 8 slots, 3 min boot: on spot 3 + 10.07 + 8 (one reclaim) = 21 min; due in an hour.
        var pick = Assert.Single(Choose(2, Job(TimeSpan.FromHours(1))).Picks);

        Assert.Equal(Spot.Offer.Key, pick.Terms.Offer.Key);
        Assert.Contains("slack 39 min to its deadline", pick.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void As_the_deadline_nears_the_job_moves_to_on_demand_and_says_why()
    {
        // Due in 28 min: spot ends at 21 min (7 min of slack, under the margin of 10), on-demand at 13 (15 min).
        var pick = Assert.Single(Choose(2, Job(TimeSpan.FromMinutes(28))).Picks);

        Assert.Equal(OnDemand.Offer.Key, pick.Terms.Offer.Key);
        Assert.Contains("on the cheaper aws/us-east-1/g4dn.xlarge/spot (0.2118/h expected) the slack would be 7 min, under the margin of 10 min", pick.Reason, StringComparison.Ordinal);
        Assert.Contains("slack 15 min to its deadline", pick.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_machines_go_to_the_least_slack_first_and_the_rest_to_the_cheapest()
    {
        var urgent = Job(TimeSpan.FromMinutes(28), id: 1);
        var relaxed = Job(TimeSpan.FromHours(6), id: 2);

        var choice = Choose(5, relaxed, urgent);

        // The urgent job's 8 pieces fill 2 on-demand machines, the relaxed one's 2 spot machines, one more for nothing queued.
        Assert.Equal([(OnDemand.Offer.Key, 2), (Spot.Offer.Key, 3)], choice.Picks.Select(p => (p.Terms.Offer.Key, p.Machines)));
        Assert.Contains("for nodes no queued job fills", choice.Picks[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_machines_than_the_jobs_want_go_to_the_most_urgent()
    {
        var urgent = Job(TimeSpan.FromMinutes(28), id: 1);
        var relaxed = Job(TimeSpan.FromHours(6), id: 2);

        var pick = Assert.Single(Choose(1, relaxed, urgent).Picks);

        Assert.Equal((OnDemand.Offer.Key, 1), (pick.Terms.Offer.Key, pick.Machines));
    }

    [Fact]
    public void A_capped_job_is_not_given_on_demand_its_cap_cannot_pay_when_spot_fits()
    {
        // 80 slot-minutes: 0.1753 on demand, 0.0706 on spot; the cap leaves 0.10.
        var pick = Assert.Single(Choose(2, Job(TimeSpan.FromMinutes(28), costLeft: 0.10m)).Picks);

        Assert.Equal(Spot.Offer.Key, pick.Terms.Offer.Key);
        Assert.Contains("cannot meet its deadline within what its cap leaves (0.1; 0.0706 expected here)", pick.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cap_on_demand_fits_does_not_hold_the_job_back_from_it()
    {
        var pick = Assert.Single(Choose(2, Job(TimeSpan.FromMinutes(28), costLeft: 5m)).Picks);

        Assert.Equal(OnDemand.Offer.Key, pick.Terms.Offer.Key);
    }

    [Fact]
    public void A_deadline_no_offer_meets_gets_the_fastest()
    {
        var pick = Assert.Single(Choose(2, Job(TimeSpan.FromMinutes(5))).Picks);

        Assert.Equal(OnDemand.Offer.Key, pick.Terms.Offer.Key);
        Assert.Contains("no offer ends job 00000001 the margin of 10 min before its deadline, the fastest, slack -8 min", pick.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void With_only_spot_left_open_the_urgent_job_takes_spot_rather_than_nothing()
    {
        var choice = OfferChooser.Choose([Spot], [Job(TimeSpan.FromMinutes(28))], 2, Settings, Now);

        Assert.Equal((Spot.Offer.Key, 2), (choice.Picks[0].Terms.Offer.Key, choice.Picks[0].Machines));
    }

    [Fact]
    public void No_machines_or_no_offers_choose_nothing()
    {
        Assert.Empty(Choose(0, Job()).Picks);
        Assert.Empty(OfferChooser.Choose([], [Job()], 3, Settings, Now).Picks);
    }

    [Fact]
    public void A_frequently_reclaimed_spot_offer_loses_to_on_demand_on_cost()
    {
        // 6 reclaims an hour of 30-minute pieces: (15 + 3) min lost each time, 180 % rework: dearer than on-demand.
        var stormy = Spot with { ReclaimsPerHour = 6 };
        var job = new JobOutlook(Guid.NewGuid(), TimeSpan.FromHours(10), 20, 20, null, null);

        var pick = Assert.Single(OfferChooser.Choose([stormy, OnDemand], [job], 2, Settings, Now).Picks);

        Assert.Equal(OnDemand.Offer.Key, pick.Terms.Offer.Key);
    }

    [Fact]
    public void Reclaim_rates_come_from_the_offer_then_its_provider_then_the_default_and_on_demand_has_none()
    {
        var options = new AutoscalerOptions { SpotReclaimsPerHour = 0.05 };
        options.ReclaimRates["aws"] = 0.02;
        options.ReclaimRates["aws/us-east-1/g5.xlarge/spot"] = 0.2;

        Assert.Equal(0.2, options.ReclaimsPerHourOf(PriceCatalogue.Defaults.Find("aws/us-east-1/g5.xlarge/spot")!));
        Assert.Equal(0.02, options.ReclaimsPerHourOf(Spot.Offer));
        Assert.Equal(0.05, options.ReclaimsPerHourOf(PriceCatalogue.Defaults.Find("gcp/us-central1/g2-standard-4/spot")!));
        Assert.Equal(0, options.ReclaimsPerHourOf(OnDemand.Offer));
    }

    [Fact]
    public void A_jobs_outlook_is_its_estimates_time_for_the_frames_not_done_and_what_its_cap_leaves()
    {
        var id = Guid.NewGuid();
        var status = new JobStatus
        {
            JobId = id,
            TotalFrames = 1000,
            FramesDone = 250,
            Deadline = Now.AddHours(2),
            Cost = new JobCost { Estimate = new CostEstimate { RenderTime = TimeSpan.FromHours(4) }, Billed = 0.75m, Running = 0.25m, Cap = 3m },
        };

        var outlook = JobOutlook.Of(new QueuedJob(id, Now.AddHours(2), Queued: 6, Running: 2), status);

        Assert.Equal(new JobOutlook(id, TimeSpan.FromHours(3), 8, 6, Now.AddHours(2), 2m), outlook);
        Assert.Equal(TimeSpan.FromMinutes(22.5), outlook.MeanPiece);
    }
}
