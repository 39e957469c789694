using System.Buffers.Binary;

namespace RenderFarm.Rendering;

/// <summary>The size of a whole baseline or progressive JPEG, read from its frame header; nothing for anything else.</summary>
public static class JpegSize
{
    private const byte Marker = 0xFF;
    private const byte StartOfImage = 0xD8;
    private const byte EndOfImage = 0xD9;

    /// <summary>Width and height from the first start-of-frame marker; null when the bytes are not one complete JPEG.</summary>
    public static (int Width, int Height)? Read(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != Marker || jpeg[1] != StartOfImage || jpeg[^2] != Marker || jpeg[^1] != EndOfImage)
            return null;
        var at = 2;
        while (at + 4 <= jpeg.Length && jpeg[at] == Marker)
        {
            var type = jpeg[at + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 2)..]);
            // SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC): precision, height, width.
            if (type is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                return at + 9 <= jpeg.Length
                    ? (BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 5)..]))
                    : null;
            at += 2 + length;
        }
        return null;
    }
}
