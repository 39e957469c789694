using RenderFarm.Timelines;

namespace RenderFarm.Interchange;

/// <summary>The native timeline, the OTIO timeline's name, and what was converted with a fallback (each named by its OTIO path).</summary>
public sealed record OtioImportResult(Timeline Timeline, string? Name, IReadOnlyList<ValidationError> Warnings);
