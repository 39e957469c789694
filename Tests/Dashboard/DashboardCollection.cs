namespace RenderFarm.Tests.Dashboard;

/// <summary>The dashboard's tests share one farm, one dashboard and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFarm>
{
    public const string Name = "dashboard";
}
