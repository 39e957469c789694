using Microsoft.Extensions.Options;

namespace RenderFarm.Scaling.Local;

/// <summary>
/// Machines of a local farm. Section "Providers:Local". Each launched machine is a silo process on
/// this machine (<see cref="SiloAssembly"/>) with its own ports and work folder; the processes are
/// kept in <see cref="StateFolder"/>, so that another silo of this machine finds them after this one died.
/// </summary>
public sealed class LocalProviderOptions
{
    public const string SectionName = "Providers:Local";

    public bool Enabled { get; set; }

    /// <summary>The silo to run; unset for the one beside this silo (renderfarm-silo.dll).</summary>
    public string? SiloAssembly { get; set; }

    /// <summary>Where each machine's process, log and work folder are kept.</summary>
    public string StateFolder { get; set; } = Path.Combine(Path.GetTempPath(), "renderfarm-local-machines");

    /// <summary>How long a terminated machine's silo has to drain before it is killed.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public string ResolvedSiloAssembly => SiloAssembly ?? Path.Combine(AppContext.BaseDirectory, "renderfarm-silo.dll");
}

/// <summary>Checks the "Providers:Local" section when the silo starts.</summary>
public sealed class LocalProviderOptionsValidator : IValidateOptions<LocalProviderOptions>
{
    public ValidateOptionsResult Validate(string? name, LocalProviderOptions options)
    {
        if (!options.Enabled)
            return ValidateOptionsResult.Success;
        var failures = new List<string>();
        if (!File.Exists(options.ResolvedSiloAssembly))
            failures.Add($"{LocalProviderOptions.SectionName}:{nameof(LocalProviderOptions.SiloAssembly)} must be the silo's renderfarm-silo.dll (was {options.ResolvedSiloAssembly}, which does not exist)");
        if (string.IsNullOrWhiteSpace(options.StateFolder))
            failures.Add($"{LocalProviderOptions.SectionName}:{nameof(LocalProviderOptions.StateFolder)} must be set");
        if (options.StopTimeout <= TimeSpan.Zero)
            failures.Add($"{LocalProviderOptions.SectionName}:{nameof(LocalProviderOptions.StopTimeout)} must be positive (was {options.StopTimeout})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
