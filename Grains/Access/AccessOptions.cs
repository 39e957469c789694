using Microsoft.Extensions.Options;

namespace RenderFarm.Access;

/// <summary>
/// Who may call the farm (configuration section <c>Access</c>). With <see cref="KeysFile"/>, every
/// client call must carry an API key listed there and is held to the rules of its user's role; without
/// it, every client is the one local user, an operator (a farm on one machine, the embedded farm).
/// </summary>
public sealed class AccessOptions
{
    public const string SectionName = "Access";

    /// <summary>Path of the keys file (<see cref="KeysFileReader"/>), read when the silo starts and again whenever it changes.</summary>
    public string? KeysFile { get; set; }

    /// <summary>An operator's explicit choice to run a farm without access control: every client is an operator.</summary>
    public bool Disabled { get; set; }

    /// <summary>Set by the silo host in farm mode (a farm database), where a silo without a keys file refuses to start unless <see cref="Disabled"/>.</summary>
    public bool KeysRequired { get; set; }
}

public sealed class AccessOptionsValidator : IValidateOptions<AccessOptions>
{
    private const string Section = AccessOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        if (options.KeysFile is { Length: > 0 } path)
        {
            if (options.Disabled)
                return ValidateOptionsResult.Fail($"{Section}:{nameof(AccessOptions.Disabled)} cannot be combined with {Section}:{nameof(AccessOptions.KeysFile)}: choose keys or no access control");
            try
            {
                return KeysFileReader.Read(path).Count == 0
                    ? ValidateOptionsResult.Fail($"{Section}:{nameof(AccessOptions.KeysFile)} {path} lists no user: nobody could call the farm")
                    : ValidateOptionsResult.Success;
            }
            catch (KeysFileException e)
            {
                return ValidateOptionsResult.Fail(e.Errors.Select(error => $"{Section}:{nameof(AccessOptions.KeysFile)} {path}, {error}"));
            }
        }
        if (options.KeysRequired && !options.Disabled)
            return ValidateOptionsResult.Fail(
                $"{Section}:{nameof(AccessOptions.KeysFile)} is required in farm mode (Cluster:Database is set): give the path of the farm's keys file, " +
                $"or set {Section}:{nameof(AccessOptions.Disabled)}=true to let every client act as an operator");
        return ValidateOptionsResult.Success;
    }
}
