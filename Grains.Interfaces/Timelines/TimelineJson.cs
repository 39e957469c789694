using System.Text.Json;
using System.Text.Json.Serialization;

namespace RenderFarm.Timelines;

/// <summary>Reads and writes the timeline JSON format (see docs/timeline-format.md).</summary>
public static class TimelineJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>
    /// Parses a timeline. Malformed JSON is reported with its line and position, a missing required
    /// field or an unknown one by its JSON path; the structure is checked by the validator afterwards.
    /// </summary>
    public static Timeline Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
            throw Refused("$", "is empty: a timeline is a JSON object");
        try
        {
            return JsonSerializer.Deserialize<Timeline>(json, Options)
                ?? throw Refused("$", "must be a JSON object, not null");
        }
        catch (JsonException e)
        {
            throw new TimelineValidationException(TimelineJsonErrors.Describe(e));
        }
    }

    public static async Task<Timeline> ReadFileAsync(string path, CancellationToken cancellationToken = default) =>
        Parse(await File.ReadAllTextAsync(path, cancellationToken));

    public static string Write(Timeline timeline) => JsonSerializer.Serialize(timeline, Options);

    private static TimelineValidationException Refused(string field, string rule) => new([new ValidationError(field, rule)]);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            WriteIndented = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new RationalJsonConverter());
        return options;
    }
}
