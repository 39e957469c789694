using RenderFarm.Scaling.Azure;

namespace RenderFarm.Tests.Scaling.Azure;

public sealed class AzureNamesTests
{
    [Theory]
    [InlineData("Studio.A-azure-1A2B", "studio-a-azure-1a2b")]
    [InlineData("node_1", "node-1")]
    [InlineData("42", "rf-42")]
    [InlineData("--x--", "x")]
    public void A_node_id_makes_a_machine_name(string nodeId, string name)
    {
        Assert.Equal(name, AzureNames.VirtualMachine(nodeId));
        Assert.Equal(name + "-nic", AzureNames.NetworkInterface(name));
    }

    [Fact]
    public void A_long_node_id_is_cut_to_fit_and_keeps_apart_from_its_neighbours()
    {
        var name = AzureNames.VirtualMachine("Farm_" + new string('x', 80) + "_1");

        Assert.True(name.Length <= AzureNames.MaxLength);
        Assert.Matches("^[a-z][a-z0-9-]*[a-z0-9]$", name);
        Assert.NotEqual(name, AzureNames.VirtualMachine("Farm_" + new string('x', 80) + "_2"));
    }
}
