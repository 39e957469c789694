using System.Text.Json;
using System.Text.Json.Serialization;

namespace RenderFarm.Timelines;

/// <summary>
/// Accepts a frame rate as a whole number (25) or a string fraction ("30000/1001"), in lowest terms.
/// Anything else reads as 0/0, which the validator refuses by field, so that a bad rate is reported
/// together with every other problem of the timeline instead of stopping the reading.
/// </summary>
internal sealed class RationalJsonConverter : JsonConverter<Rational>
{
    public override Rational Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var whole))
            return new Rational(whole, 1);
        if (reader.TokenType == JsonTokenType.String && Rational.TryParse(reader.GetString(), out var rational))
            return rational;
        reader.Skip();
        return default;
    }

    public override void Write(Utf8JsonWriter writer, Rational value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
