namespace RenderFarm.Tests.Database.TestGrains;

/// <summary>A grain that registers one reminder and reports each tick to <see cref="ReminderTicks"/>.</summary>
[Alias("RenderFarm.Tests.Database.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    [Alias("Start")] Task StartAsync(TimeSpan period);
    [Alias("Stop")] Task StopAsync();
    [Alias("IsRegistered")] Task<bool> IsRegisteredAsync();
}
