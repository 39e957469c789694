using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RenderFarm.Timelines;

/// <summary>
/// Turns System.Text.Json's exceptions into problems a timeline's author can act on: the field's path
/// (or <c>$</c> for the document), the rule in the format's own words rather than .NET type names, and
/// for anything found while reading, the line and position where it was found.
/// </summary>
internal static partial class TimelineJsonErrors
{
    public static IReadOnlyList<ValidationError> Describe(JsonException e)
    {
        var at = e.Path is { Length: > 1 } path ? path.TrimStart('$').TrimStart('.') : "$";
        var where = e.LineNumber is { } line
            ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1})")
            : "";
        var message = Reason(e.Message);

        if (MissingRequired().Match(message) is { Success: true } missing)
            return missing.Groups["names"].Value.Split(", ")
                .Select(name => new ValidationError(Join(at, name.Trim('\'')), "is required"))
                .ToList();
        if (Unmapped().Match(message) is { Success: true } unknown)
        {
            var name = unknown.Groups["name"].Value;
            var field = at.EndsWith(name, StringComparison.Ordinal) ? at : Join(at, name);
            return [new ValidationError(field, $"is not a field of the timeline format here{where}")];
        }
        if (NotConvertible().Match(message) is { Success: true } conversion)
            return [new ValidationError(at, Expected(conversion.Groups["type"].Value, isDocument: at == "$") + where)];
        return [new ValidationError(at, $"is not valid JSON: {message}{where}")];
    }

    /// <summary>System.Text.Json appends path and position to its own message; keep only the reason.</summary>
    private static string Reason(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var reason = cut > 0 ? message[..cut] : message;
        cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? reason[..cut] : reason).TrimEnd();
    }

    private static string Join(string at, string name) => at == "$" ? name : $"{at}.{name}";

    /// <summary>What a value of the named .NET type is, in the format's words.</summary>
    private static string Expected(string typeName, bool isDocument)
    {
        if (isDocument)
            return "must be a JSON object";
        var type = typeof(Timeline).Assembly.GetType(typeName) ?? Type.GetType(typeName);
        if (type is null)
            return "has the wrong type";
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
            return $"must be one of {string.Join(", ", Enum.GetNames(type).Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}";
        if (type == typeof(int) || type == typeof(long))
            return "must be a whole number";
        if (type == typeof(double) || type == typeof(decimal))
            return "must be a number";
        if (type == typeof(bool))
            return "must be true or false";
        if (type == typeof(string))
            return "must be a string";
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var generic
            && (generic == typeof(IReadOnlyList<>) || generic == typeof(List<>)))
            return "must be a JSON array";
        return "must be a JSON object";
    }

    [GeneratedRegex(@"was missing required properties,? including:? (?<names>.+?)\.?$")]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"^The JSON property '(?<name>.*)' could not be mapped")]
    private static partial Regex Unmapped();

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>[^\s]+?)\.?$")]
    private static partial Regex NotConvertible();
}
