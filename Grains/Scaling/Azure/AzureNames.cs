using System.Security.Cryptography;
using System.Text;

namespace RenderFarm.Scaling.Azure;

/// <summary>
/// The names Azure accepts for a Linux virtual machine (at most 64 letters, digits and '-'; it is also the
/// machine's host name) and its network interface.
/// </summary>
public static class AzureNames
{
    public const int MaxLength = 64;

    /// <summary>The virtual machine of a node: its id in lowercase (Azure's names ignore case), other characters as '-', a letter first.</summary>
    public static string VirtualMachine(string nodeId)
    {
        var clean = new StringBuilder(nodeId.Length);
        foreach (var c in nodeId.ToLowerInvariant())
            clean.Append(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '-');
        var name = clean.ToString().Trim('-');
        if (name.Length == 0 || !char.IsAsciiLetterLower(name[0]))
            name = "rf-" + name;
        if (name.Length <= MaxLength)
            return name.TrimEnd('-');
        // A name cut to fit ends in a hash of the whole, so that two long ids sharing a beginning stay apart.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(nodeId)))[..8];
        return name[..(MaxLength - hash.Length - 1)].TrimEnd('-') + "-" + hash;
    }

    public static string NetworkInterface(string virtualMachine) => virtualMachine + "-nic";
}
