using System.Text;
using Azure.Core;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using RenderFarm.Costs;

namespace RenderFarm.Scaling.Azure;

/// <summary>The virtual machine Resource Manager is asked to create for one launch.</summary>
internal static class AzureVirtualMachineRequest
{
    public static VirtualMachineData For(MachineLaunch launch, string name, string userData, AzureProviderOptions options)
    {
        var (publisher, offer, sku, version) = options.ImageParts();
        var data = new VirtualMachineData(new AzureLocation(options.Location))
        {
            HardwareProfile = new VirtualMachineHardwareProfile { VmSize = new VirtualMachineSizeType(launch.Instance.InstanceType) },
            StorageProfile = new VirtualMachineStorageProfile
            {
                ImageReference = new ImageReference { Publisher = publisher, Offer = offer, Sku = sku, Version = version },
                OSDisk = new VirtualMachineOSDisk(DiskCreateOptionType.FromImage)
                {
                    Name = name + "-os",
                    DeleteOption = DiskDeleteOptionType.Delete,
                },
            },
            OSProfile = new VirtualMachineOSProfile
            {
                ComputerName = name,
                AdminUsername = options.AdminUsername,
                CustomData = Convert.ToBase64String(Encoding.UTF8.GetBytes(userData)),
                LinuxConfiguration = new LinuxConfiguration
                {
                    IsPasswordAuthenticationDisabled = true,
                    SshPublicKeys = { new SshPublicKeyConfiguration { Path = $"/home/{options.AdminUsername}/.ssh/authorized_keys", KeyData = options.SshPublicKey } },
                },
            },
            // The interface is made with the machine and deleted with it, also when Azure evicts a spot machine.
            NetworkProfile = new VirtualMachineNetworkProfile
            {
                NetworkApiVersion = NetworkApiVersion.TwoThousandTwenty1101,
                NetworkInterfaceConfigurations =
                {
                    new VirtualMachineNetworkInterfaceConfiguration(AzureNames.NetworkInterface(name))
                    {
                        Primary = true,
                        DeleteOption = ComputeDeleteOption.Delete,
                        IPConfigurations = { new VirtualMachineNetworkInterfaceIPConfiguration("ipconfig1") { Primary = true, SubnetId = new ResourceIdentifier(options.SubnetId) } },
                    },
                },
            },
        };
        foreach (var (key, value) in launch.Tags)
            data.Tags[key] = value;
        if (launch.Instance.Pricing == PricingModel.Spot)
        {
            data.Priority = VirtualMachinePriorityType.Spot;
            data.EvictionPolicy = VirtualMachineEvictionPolicyType.Delete;
            data.BillingMaxPrice = (double)options.SpotMaxPrice;
        }
        else
        {
            data.Priority = VirtualMachinePriorityType.Regular;
        }
        return data;
    }
}
