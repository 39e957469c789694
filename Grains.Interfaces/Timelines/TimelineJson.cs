using System.Text.Json;
using System.Text.Json.Serialization;

namespace RenderFarm.Timelines;

/// <summary>Reads and writes the timeline JSON format (see docs/timeline-format.md).</summary>
public static class TimelineJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Parses a timeline; malformed JSON or an unknown field is reported with its JSON path.</summary>
    public static Timeline Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Timeline>(json, Options)
                ?? throw new TimelineValidationException([new ValidationError("$", "must be a JSON object")]);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) ? "$" : e.Path.TrimStart('$', '.');
            throw new TimelineValidationException([new ValidationError(field, Describe(e))]);
        }
    }

    public static async Task<Timeline> ReadFileAsync(string path, CancellationToken cancellationToken = default) =>
        Parse(await File.ReadAllTextAsync(path, cancellationToken));

    public static string Write(Timeline timeline) => JsonSerializer.Serialize(timeline, Options);

    private static string Describe(JsonException e)
    {
        // System.Text.Json appends path and position to its own message; keep only the reason.
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

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
