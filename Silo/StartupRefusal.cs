using Microsoft.Extensions.Options;
using RenderFarm.Client.Security;

namespace RenderFarm.Silo;

/// <summary>A silo whose settings could not work refuses to start, and says which settings and why.</summary>
internal static class StartupRefusal
{
    /// <summary>EX_CONFIG of sysexits.h: a service manager should not restart a silo that exits with it until its settings change.</summary>
    public const int ExitCode = 78;

    /// <summary>Every settings failure in <paramref name="exception"/> (one, or several at once); empty for any other error.</summary>
    public static IReadOnlyList<string> Reasons(Exception exception) => exception switch
    {
        OptionsValidationException invalid => invalid.Failures.ToList(),
        FarmTlsSettingsException tls => [tls.Message],
        SecretFileException secret => [secret.Message],
        AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
            many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).ToList(),
        _ => [],
    };

    public static int Report(IReadOnlyList<string> reasons)
    {
        Console.Error.WriteLine("renderfarm-silo: not started, its settings cannot work:");
        foreach (var reason in reasons)
            Console.Error.WriteLine("  " + reason);
        return ExitCode;
    }
}
