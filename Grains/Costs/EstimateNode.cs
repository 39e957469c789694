namespace RenderFarm.Costs;

/// <summary>
/// A node as an estimate sees it: its render slots, how many of them are busy now, how much slower
/// than the cost model's reference it renders, and what a second of one of its slots costs on demand
/// and on spot (null when the catalogue has no spot price for its machine).
/// </summary>
public sealed record EstimateNode(string NodeId, int Slots, int Running, double Slowness, decimal OnDemandSlotSecond, decimal? SpotSlotSecond);
