using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace RenderFarm.Tests.Scaling.Azure;

/// <summary>
/// Azure's Scheduled Events, one machine's each: the Instance Metadata Service inside a VM answers only that
/// VM, so here a machine's is rooted at <c>/machines/{vm name}/</c> on the fake's plain-http metadata port
/// (<see cref="FakeArmServer.MetadataRoot"/>), as http://169.254.169.254/ is in a VM. GET
/// <c>{root}metadata/scheduledevents?api-version=2020-07-01</c> with <c>Metadata: true</c> answers no events
/// until the test preempts the machine, then one Preempt event at least 30 s ahead naming it.
/// </summary>
internal sealed class FakeArmScheduledEvents(FakeArmServer server)
{
    public const string ApiVersion = "2020-07-01";

    /// <summary>Azure gives a spot machine at least 30 seconds between the notice and its eviction.</summary>
    public static readonly TimeSpan Notice = TimeSpan.FromSeconds(30);

    public async Task HandleAsync(HttpContext context, string vmName)
    {
        if (context.Request.Headers["Metadata"] != "true")
        {
            await FakeArmHttp.JsonAsync(context, 400, new Dictionary<string, object?> { ["error"] = "Bad request. Required metadata header not specified" });
            return;
        }
        if (context.Request.Query["api-version"] != ApiVersion)
        {
            await FakeArmHttp.JsonAsync(context, 400, new Dictionary<string, object?> { ["error"] = "Bad request. api-version is invalid or was not specified in the request." });
            return;
        }
        if (server.Find(vmName) is not { } vm)
        {
            await FakeArmHttp.JsonAsync(context, 404, new Dictionary<string, object?> { ["error"] = $"No machine {vmName}." });
            return;
        }
        var events = new List<Dictionary<string, object?>>();
        if (vm.PreemptedAt is { } at)
        {
            events.Add(new Dictionary<string, object?>
            {
                ["EventId"] = $"{vm.VmId[..8]}-preempt",
                ["EventType"] = "Preempt",
                ["ResourceType"] = "VirtualMachine",
                ["Resources"] = new[] { vm.Name },
                ["EventStatus"] = "Scheduled",
                ["NotBefore"] = (at + Notice).ToString("R", CultureInfo.InvariantCulture),
                ["Description"] = "The virtual machine is being evicted.",
                ["EventSource"] = "Platform",
                ["DurationInSeconds"] = -1,
            });
        }
        await FakeArmHttp.JsonAsync(context, 200, new Dictionary<string, object?>
        {
            ["DocumentIncarnation"] = vm.PreemptedAt is null ? 0 : 1,
            ["Events"] = events,
        });
    }
}
