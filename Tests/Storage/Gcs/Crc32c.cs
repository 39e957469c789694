using System.Buffers.Binary;

namespace RenderFarm.Tests.Storage.Gcs;

/// <summary>CRC-32C (Castagnoli), the checksum GCS keeps for every object, base64 of its big-endian bytes.</summary>
public static class Crc32c
{
    private const uint ReversedPolynomial = 0x82F63B78;
    private static readonly uint[] Table = BuildTable();

    public static string Base64(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        foreach (var b in data)
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, ~crc);
        return Convert.ToBase64String(bytes);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var entry = i;
            for (var bit = 0; bit < 8; bit++)
                entry = (entry & 1) != 0 ? (entry >> 1) ^ ReversedPolynomial : entry >> 1;
            table[i] = entry;
        }
        return table;
    }
}
