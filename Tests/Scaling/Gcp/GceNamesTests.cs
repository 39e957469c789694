using System.Text.RegularExpressions;
using RenderFarm.Scaling.Gcp;

namespace RenderFarm.Tests.Scaling.Gcp;

public sealed partial class GceNamesTests
{
    [Theory]
    [InlineData("default-gcp-1a2b3c", "default-gcp-1a2b3c")]
    [InlineData("Studio.A_gcp/7", "studio-a-gcp-7")]
    [InlineData("7-node", "rf-7-node")]
    [InlineData("-node-", "node")]
    [InlineData("...", "rf")]
    public void A_node_id_becomes_a_valid_instance_name(string nodeId, string name)
    {
        Assert.Equal(name, GceNames.Instance(nodeId));
    }

    [Fact]
    public void A_long_node_id_is_cut_to_63_and_two_that_share_a_beginning_stay_apart()
    {
        var prefix = new string('n', 70);

        var (a, b) = (GceNames.Instance(prefix + "-a"), GceNames.Instance(prefix + "-b"));

        Assert.NotEqual(a, b);
        Assert.All([a, b], name => Assert.Matches(InstanceName(), name));
        Assert.All([a, b], name => Assert.True(name.Length <= 63));
    }

    [Theory]
    [InlineData("renderfarm-farm", "renderfarm-farm")]
    [InlineData("Team.Name", "team-name")]
    [InlineData("1st", "k1st")]
    public void A_tag_key_becomes_a_valid_label_key(string key, string label)
    {
        Assert.Equal(label, GceNames.LabelKey(key));
    }

    [Theory]
    [InlineData("gcp/us-central1/n2-standard-8/spot", "gcp-us-central1-n2-standard-8-spot")]
    [InlineData("Studio_A", "studio_a")]
    [InlineData("", "")]
    public void A_tag_value_becomes_a_valid_label_value(string value, string label)
    {
        Assert.Equal(label, GceNames.LabelValue(value));
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex InstanceName();
}
