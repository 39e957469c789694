using RenderFarm.Timelines;

namespace RenderFarm.Interchange;

/// <summary>What the import found wrong, each under the OTIO path of its object: refusals, and fallbacks that strict mode refuses too.</summary>
internal sealed class OtioFindings(bool strict)
{
    public List<ValidationError> Errors { get; } = [];
    public List<ValidationError> Warnings { get; } = [];

    public void Refuse(string path, string rule) => Errors.Add(new ValidationError(path, rule));

    /// <summary>Something converted with a fallback: a warning, or in strict mode a refusal.</summary>
    public void Fallback(string path, string what) =>
        (strict ? Errors : Warnings).Add(new ValidationError(path, strict ? $"{what} (refused by --strict)" : what));
}
