namespace RenderFarm.Scaling;

/// <summary>A provider's spot price of an instance type in a region (and zone, where it has them) at a time.</summary>
public sealed record SpotPriceQuote(string Region, string InstanceType, string? Zone, decimal HourlyPrice, DateTimeOffset At);
