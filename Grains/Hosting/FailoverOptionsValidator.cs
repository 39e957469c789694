using Microsoft.Extensions.Options;
using RenderFarm.Jobs;

namespace RenderFarm.Hosting;

/// <summary>
/// Checks the "Failover" section when the silo starts, with the rules of <see cref="FailoverOptions.Validate"/>
/// (each message names the section, the key and the rule).
/// </summary>
public sealed class FailoverOptionsValidator : IValidateOptions<FailoverOptions>
{
    public ValidateOptionsResult Validate(string? name, FailoverOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
