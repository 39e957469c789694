using RenderFarm.Scaling;

namespace RenderFarm.Tests.Scaling;

public sealed class CloudInitTests
{
    [Fact]
    public void The_user_data_carries_the_node_s_settings_and_package_and_gives_them_back()
    {
        var boot = new BootSettings(
            new Dictionary<string, string>
            {
                ["Cluster__Database"] = "Host=db.internal;Password=\"quoted\\pass\";Database=farm",
                ["RenderNode__NodeId"] = "default-aws-1a2b3c",
                ["Costs__Instance"] = "aws/us-east-1/g4dn.xlarge/spot",
            },
            "https://releases.example.org/renderfarm-silo.tar.gz");

        var userData = CloudInit.Render(boot);

        Assert.StartsWith("#cloud-config", userData);
        Assert.Contains("systemctl, enable, --now, renderfarm-node.service", userData);
        Assert.DoesNotContain("{{", userData);
        Assert.DoesNotContain("Password", userData);
        var back = CloudInit.Read(userData);
        Assert.Equal(boot.Environment.OrderBy(e => e.Key), back.Environment.OrderBy(e => e.Key));
        Assert.Equal(boot.PackageUrl, back.PackageUrl);
        Assert.Null(CloudInit.Read(CloudInit.Render(boot with { PackageUrl = null })).PackageUrl);
    }

    [Fact]
    public void A_setting_that_could_break_out_of_its_line_or_a_package_that_is_not_a_web_address_is_refused()
    {
        Assert.Contains("one line", Assert.Throws<ArgumentException>(() => CloudInit.Render(new BootSettings(new Dictionary<string, string> { ["A"] = "x\nB=y" }))).Message);
        Assert.Contains("letters, digits", Assert.Throws<ArgumentException>(() => CloudInit.Render(new BootSettings(new Dictionary<string, string> { ["A B"] = "x" }))).Message);
        Assert.Contains("packageUrl", Assert.Throws<ArgumentException>(() => CloudInit.Render(new BootSettings(new Dictionary<string, string>(), "file:///etc/passwd"))).Message);
    }
}
