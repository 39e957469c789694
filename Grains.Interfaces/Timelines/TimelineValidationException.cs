namespace RenderFarm.Timelines;

/// <summary>A timeline was refused; <see cref="Errors"/> names every field at fault.</summary>
public sealed class TimelineValidationException(IReadOnlyList<ValidationError> errors)
    : Exception("The timeline is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}
