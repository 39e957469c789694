using Microsoft.Playwright;
using RenderFarm.Jobs;
using RenderFarm.Tests.Durable;
using RenderFarm.Tests.Farm;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Dashboard;

/// <summary>The dashboard's pages in headless Chromium as the farm's users see them; screenshots go to TestResults/screenshots/dashboard.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardPageTests(DashboardFarm farm)
{
    private static readonly TimeSpan JobLimit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_key_the_farm_does_not_know_is_refused_at_sign_in()
    {
        var context = await farm.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = farm.Address.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/jobs");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("API key").FillAsync("rfk_not-a-key-of-this-farm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not one of the farm's");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_job_list_keeps_its_filters_in_the_address_and_a_user_sees_only_their_own_jobs()
    {
        var mine = await JobOfAsync(TestKeys.Alice, FarmTimelines.Small(25), new JobOptions { ChunkCount = 1, Name = "alice-listed" });
        var theirs = await JobOfAsync(TestKeys.Bob, FarmTimelines.Small(25), new JobOptions { ChunkCount = 1, Name = "bob-listed" });
        await farm.Farm.WaitForEndAsync(mine.JobId, JobLimit);
        await farm.Farm.WaitForEndAsync(theirs.JobId, JobLimit);
        var page = await farm.SignedInPageAsync(TestKeys.Alice);

        await page.GotoAsync("/jobs?state=Completed&q=listed&sort=name&dir=asc");
        var rows = page.Locator("#jobs tbody tr");
        await Assertions.Expect(rows.Filter(new() { HasText = "alice-listed" })).ToHaveCountAsync(1);
        await Assertions.Expect(rows.Filter(new() { HasText = "bob-listed" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "completed" })).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Searchbox, new() { Name = "Name or id" })).ToHaveValueAsync("listed");
        await farm.ScreenshotAsync(page, "job-list-filtered");

        await page.GotoAsync("/jobs?user=bob");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("a user lists their own jobs only");

        var phone = await farm.SignedInPageAsync(TestKeys.Operator, phone: true);
        await phone.GotoAsync("/jobs?q=listed");
        await Assertions.Expect(phone.Locator("#jobs tbody tr").Filter(new() { HasText = "bob-listed" })).ToHaveCountAsync(1);
        await farm.ScreenshotAsync(phone, "job-list-phone");
        await page.Context.CloseAsync();
        await phone.Context.CloseAsync();
    }

    [Fact]
    public async Task A_running_job_advances_by_push_and_its_owner_sees_its_still_and_log_pauses_resumes_cancels_and_renders_it_again()
    {
        var job = await JobOfAsync(TestKeys.Alice, DashboardTimelines.Watchable("alice-watched"), new JobOptions { ChunkCount = 4, Name = "alice-watched" });
        var page = await farm.SignedInPageAsync(TestKeys.Alice);
        await page.GotoAsync("/jobs?q=alice-watched");
        await page.EvaluateAsync("window.stillTheSamePage = true");
        var row = page.Locator($"#jobs tr[data-job-id='{job.JobId}']");
        var frames = row.Locator("[data-cell=frames]");
        await Assertions.Expect(frames).Not.ToHaveTextAsync("0 / 600", new() { Timeout = 60_000 });
        var first = await frames.TextContentAsync();
        await Assertions.Expect(frames).Not.ToHaveTextAsync(first!, new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("window.stillTheSamePage === true"), "the list was reloaded instead of updated by push");
        await farm.ScreenshotAsync(page, "job-list-live");

        await row.GetByRole(AriaRole.Link, new() { Name = "alice-watched" }).ClickAsync();
        await page.WaitForURLAsync($"**/jobs/{job.JobId}");
        await Assertions.Expect(page.Locator(".strip li")).ToHaveCountAsync(4);
        var still = page.Locator("img#thumbnail");
        await Assertions.Expect(still).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => { const i = document.getElementById('thumbnail'); return i && i.complete && i.naturalWidth === 320; }");
        var firstStill = await still.GetAttributeAsync("src");
        await Assertions.Expect(page.Locator("img#thumbnail")).Not.ToHaveAttributeAsync("src", firstStill!, new() { Timeout = 30_000 });
        await farm.ScreenshotAsync(page, "job-running");

        await page.GetByRole(AriaRole.Link, new() { Name = "ffmpeg log of chunk 0, attempt 1" }).ClickAsync();
        await Assertions.Expect(page.Locator("pre.log")).ToContainTextAsync("frame=");
        await farm.ScreenshotAsync(page, "attempt-log");
        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1 [data-cell=state]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(pausing|paused)$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Pausing");
        await Assertions.Expect(page.Locator("h1 [data-cell=state]")).ToHaveTextAsync("paused", new() { Timeout = 60_000 });
        await farm.ScreenshotAsync(page, "job-paused");
        Assert.Equal(JobState.Paused, (await farm.Farm.Farm.GetJobStatusAsync(job.JobId, TestContext.Current.CancellationToken)).State);

        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1 [data-cell=state]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(queued|rendering|merging|completed)$"));
        await farm.ScreenshotAsync(page, "job-resumed");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1 [data-cell=state]")).ToHaveTextAsync("cancelled", new() { Timeout = 60_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Render again" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/jobs/", StringComparison.Ordinal) && !url.Contains(job.JobId.ToString(), StringComparison.Ordinal));
        var again = Guid.Parse(page.Url.Split('/')[^1]);
        var repeated = await farm.Farm.Farm.GetJobStatusAsync(again, TestContext.Current.CancellationToken);
        Assert.Equal(("alice", "alice-watched", 600), (repeated.Submitter, repeated.Name, repeated.TotalFrames));
        await farm.Farm.Farm.CancelJobAsync(again, TestContext.Current.CancellationToken);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Another_user_is_refused_a_job_s_page_and_its_actions()
    {
        var ct = TestContext.Current.CancellationToken;
        var job = await JobOfAsync(TestKeys.Alice, FarmTimelines.Small(25), new JobOptions { ChunkCount = 1, Name = "alice-private" });
        await farm.Farm.WaitForEndAsync(job.JobId, JobLimit);
        var page = await farm.SignedInPageAsync(TestKeys.Bob);

        var response = await page.GotoAsync($"/jobs/{job.JobId}");
        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Access denied: bob (user) may not read the status of");

        // A pause posted by hand, with bob's own valid form token, is the farm's to refuse.
        await page.GotoAsync("/jobs");
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var posted = await page.APIRequest.PostAsync($"/jobs/{job.JobId}?handler=Cancel", new() { Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token!), MaxRedirects = 0 });
        Assert.Equal(302, posted.Status);
        await page.GotoAsync("/jobs");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Access denied: bob (user) may not cancel");
        await farm.ScreenshotAsync(page, "refused-other-user");
        Assert.Equal(JobState.Completed, (await farm.Farm.Farm.GetJobStatusAsync(job.JobId, ct)).State);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_operator_pauses_and_resumes_the_whole_pool_and_stops_everything_and_a_user_is_offered_no_pool_buttons()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await farm.SignedInPageAsync(TestKeys.Alice);
        await user.GotoAsync("/");
        await Assertions.Expect(user.GetByRole(AriaRole.Button, new() { Name = "Pause all" })).ToHaveCountAsync(0);

        var page = await farm.SignedInPageAsync(TestKeys.Operator);
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#nodes tbody tr")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause all" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Nothing more of the pool is dispatched");
        await Assertions.Expect(page.Locator("[data-figure=paused]")).ToHaveTextAsync("paused");
        Assert.True((await farm.Farm.Farm.GetMetricsAsync(null, ct)).Paused);
        await farm.ScreenshotAsync(page, "cluster-paused");

        await page.GetByRole(AriaRole.Button, new() { Name = "Resume all" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-figure=paused]")).ToHaveTextAsync("on");
        Assert.False((await farm.Farm.Farm.GetMetricsAsync(null, ct)).Paused);

        // Emergency stop: the pool paused and a rendering job paused with its running attempt stopped.
        var job = await JobOfAsync(TestKeys.Bob, DashboardTimelines.Watchable("bob-stopped"), new JobOptions { ChunkCount = 4, Name = "bob-stopped" });
        await farm.Farm.UntilAsync(job.JobId, s => s.State == JobState.Rendering && s.FramesDone > 0, "the job to render", JobLimit);
        await page.GetByRole(AriaRole.Button, new() { Name = "Emergency stop" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Emergency stop");
        var stopped = await farm.Farm.UntilAsync(job.JobId, s => s.State == JobState.Paused, "the job to be paused", JobLimit);
        Assert.Contains(stopped.Chunks.SelectMany(c => c.History), a => a.End == Chunks.AttemptEnd.Stopped);
        Assert.True((await farm.Farm.Farm.GetMetricsAsync(null, ct)).Paused);
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume all" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-figure=paused]")).ToHaveTextAsync("on");
        await farm.Farm.Farm.CancelJobAsync(job.JobId, ct);
        await user.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_estimate_form_answers_a_timeline_without_rendering_it_and_names_every_field_of_a_bad_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("dashboard-estimate").FullName;
        var good = Path.Combine(folder, "spot.json");
        var bad = Path.Combine(folder, "odd.json");
        await File.WriteAllTextAsync(good, TimelineJson.Write(FarmTimelines.Small(50)), ct);
        await File.WriteAllTextAsync(bad, TimelineJson.Write(FarmTimelines.Small(50) with
        {
            Output = new OutputSpec { Width = 321, Height = 180, FrameRate = new Rational(25, 1), DurationFrames = 0 },
        }), ct);
        var before = (await farm.Farm.Farm.ListJobsAsync(new JobQuery { Limit = JobQuery.MaxLimit }, ct)).Jobs.Count;
        var page = await farm.SignedInPageAsync(TestKeys.Alice);

        await page.GotoAsync("/estimate");
        await page.GetByLabel("Timeline (.json or .otio)").SetInputFilesAsync(good);
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimate" }).ClickAsync();
        var estimate = page.Locator("section.card");
        await Assertions.Expect(estimate.GetByRole(AriaRole.Heading, new() { Name = "spot.json" })).ToBeVisibleAsync();
        await Assertions.Expect(estimate).ToContainTextAsync("Render time");
        await Assertions.Expect(estimate).ToContainTextAsync("USD");
        await farm.ScreenshotAsync(page, "estimate");

        await page.GetByLabel("Timeline (.json or .otio)").SetInputFilesAsync(bad);
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimate" }).ClickAsync();
        var problems = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(problems).ToContainTextAsync("output.width");
        await Assertions.Expect(problems).ToContainTextAsync("output.durationFrames");
        Assert.Equal(before, (await farm.Farm.Farm.ListJobsAsync(new JobQuery { Limit = JobQuery.MaxLimit }, ct)).Jobs.Count);

        await page.GotoAsync("/billing");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Total");
        await page.Context.CloseAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_user_keeps_their_own_notification_targets_and_a_bad_one_is_refused_by_field()
    {
        var page = await farm.SignedInPageAsync(TestKeys.Bob);
        await page.GotoAsync("/notifications");

        await page.GetByLabel("Address", new() { Exact = true }).First.FillAsync("https://hooks.example.com/render?token=x");
        await page.GetByLabel("Secret", new() { Exact = false }).FillAsync("a-secret-long-enough-1234");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Completed" }).First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("The webhook is added");
        await Assertions.Expect(page.Locator("ul.targets")).ToContainTextAsync("webhook https://hooks.example.com/render — Completed");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("a-secret-long-enough");

        await page.Locator("#address").FillAsync("bob@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add address" }).ClickAsync();
        await Assertions.Expect(page.Locator("ul.targets li")).ToHaveCountAsync(2);
        await farm.ScreenshotAsync(page, "notifications");

        // The browser's own checks let a short secret through when asked to; the farm's rule is the one that counts.
        await page.Locator("#secret").EvaluateAsync("e => e.removeAttribute('minlength')");
        await page.Locator("#url").FillAsync("https://hooks.example.com/other");
        await page.Locator("#secret").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("secret");
        await Assertions.Expect(page.Locator("ul.targets li")).ToHaveCountAsync(2);

        for (var i = 0; i < 2; i++)
            await page.GetByRole(AriaRole.Button, new() { Name = "Remove" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("None yet.");
        await page.Context.CloseAsync();
    }

    private async Task<JobStatus> JobOfAsync(string apiKey, Timeline timeline, JobOptions? options = null)
    {
        var client = await farm.Farm.ConnectClientAsync(apiKey, TestContext.Current.CancellationToken);
        try
        {
            var farmOfUser = (Client.IRenderFarm)client.Services.GetService(typeof(Client.IRenderFarm))!;
            return await farmOfUser.SubmitJobAsync(timeline, options ?? new JobOptions { ChunkCount = 1 }, TestContext.Current.CancellationToken);
        }
        finally
        {
            await client.StopAsync(TestContext.Current.CancellationToken);
            client.Dispose();
        }
    }
}
