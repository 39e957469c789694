using System.Text.Json;
using Microsoft.Playwright;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Dashboard;

/// <summary>
/// axe-core (pinned in Tests/Dashboard/accessibility, installed with <c>npm ci</c> on first use) run in a
/// page: its serious and critical violations, each with the elements at fault.
/// </summary>
public static class AccessibilityCheck
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "Tests", "Dashboard", "accessibility");
    private static readonly Lazy<Task<string>> Script = new(InstallAsync);

    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new() { Path = await Script.Value });
        var found = await page.EvaluateAsync<JsonElement>(
            """
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))
            """);
        return [.. found.EnumerateArray().Select(v => v.GetString()!)];
    }

    private static async Task<string> InstallAsync()
    {
        var script = Path.Combine(Folder, "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(script))
            await ProcessRunner.RunAsync("npm", ["ci", "--prefix", Folder, "--no-audit", "--no-fund"], TimeSpan.FromMinutes(3));
        if (!File.Exists(script))
            throw new InvalidOperationException($"npm ci in {Folder} did not install {script}");
        return script;
    }
}
