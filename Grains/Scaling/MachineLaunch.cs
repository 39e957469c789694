using RenderFarm.Costs;

namespace RenderFarm.Scaling;

/// <summary>
/// One machine to launch: the node it becomes, the catalogue entry it is bought by (provider, region,
/// instance type, on-demand or spot), the settings its silo boots with, and the tags that find it again.
/// </summary>
public sealed record MachineLaunch(string NodeId, InstancePrice Instance, BootSettings Boot, IReadOnlyDictionary<string, string> Tags);
