namespace RenderFarm.Tests.Database;

/// <summary>
/// The PostgreSQL tests start real clusters and measure timings against a shared server, so they
/// run one at a time and never beside other test collections.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DatabaseCollection
{
    public const string Name = "PostgreSQL";
}
