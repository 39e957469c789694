using RenderFarm.Jobs;
using RenderFarm.Tests.Durable;
using RenderFarm.Tests.Farm;

namespace RenderFarm.Tests.Dashboard;

/// <summary>Every page of the dashboard checked by axe-core in Chromium, on a desktop window and a phone's.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardAccessibilityTests(DashboardFarm farm)
{
    [Fact]
    public async Task No_page_has_a_serious_accessibility_violation_on_a_desktop_or_a_phone()
    {
        var ct = TestContext.Current.CancellationToken;
        var job = await farm.Farm.Farm.SubmitJobAsync(FarmTimelines.Small(25), new JobOptions { ChunkCount = 1, Name = "checked", Submitter = "alice" }, ct);
        await farm.Farm.WaitForEndAsync(job.JobId, TimeSpan.FromMinutes(2));
        var found = new List<string>();
        foreach (var phone in new[] { false, true })
        {
            var page = await farm.SignedInPageAsync(TestKeys.Operator, phone);
            foreach (var address in new[] { "/", "/jobs", $"/jobs/{job.JobId}", "/billing", "/estimate", "/notifications" })
            {
                await page.GotoAsync(address);
                found.AddRange((await AccessibilityCheck.SeriousViolationsAsync(page)).Select(v => $"{address}{(phone ? " (phone)" : "")}: {v}"));
            }
            await page.Context.CloseAsync();
        }

        Assert.True(found.Count == 0, "axe-core found serious violations:\n" + string.Join('\n', found));
    }
}
