using System.Text.Json;
using System.Text.Json.Serialization;

namespace RenderFarm.Timelines;

/// <summary>Reads and writes the timeline JSON format (see docs/timeline-format.md).</summary>
public static class TimelineJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The largest timeline read or sent by default, in bytes of JSON: far above any editor's timeline, far below what would stall a call.</summary>
    public const int DefaultMaxBytes = 16 * 1024 * 1024;

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

    /// <summary>Reads a timeline file, refusing one larger than <paramref name="maxBytes"/> before reading it.</summary>
    public static async Task<Timeline> ReadFileAsync(string path, CancellationToken cancellationToken = default, long maxBytes = DefaultMaxBytes)
    {
        var length = new FileInfo(path).Length;
        if (length > maxBytes)
            throw TooLarge(length, maxBytes);
        return Parse(await File.ReadAllTextAsync(path, cancellationToken));
    }

    /// <summary>Refuses a timeline larger than <paramref name="maxBytes"/> as compact JSON, before it is sent anywhere.</summary>
    public static void EnsureWithin(Timeline timeline, long maxBytes = DefaultMaxBytes)
    {
        var size = SizeInBytes(timeline);
        if (size > maxBytes)
            throw TooLarge(size, maxBytes);
    }

    private static TimelineValidationException TooLarge(long bytes, long maxBytes) =>
        Refused("$", $"is {bytes} bytes as JSON; a timeline may be at most {maxBytes}");

    public static string Write(Timeline timeline) => JsonSerializer.Serialize(timeline, Options);

    /// <summary>The timeline's size as compact JSON, the measure its byte limit is kept by.</summary>
    public static long SizeInBytes(Timeline timeline) => JsonSerializer.SerializeToUtf8Bytes(timeline, Compact).LongLength;

    private static readonly JsonSerializerOptions Compact = new(Options) { WriteIndented = false };

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
