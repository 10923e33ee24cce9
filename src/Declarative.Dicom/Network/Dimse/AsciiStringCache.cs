using System.Text;

namespace Declarative.Dicom.Network.Dimse;

/// <summary>
/// The few ASCII strings an association decodes over and over (SOP Class and Instance UIDs, AE titles):
/// the bytes are compared with what was decoded last time, so a repeated value costs no new string.
/// One per association, so no locking; a handful of slots, replaced round-robin.
/// </summary>
internal sealed class AsciiStringCache
{
    private const int Slots = 8;
    private readonly byte[]?[] _bytes = new byte[]?[Slots];
    private readonly string?[] _strings = new string?[Slots];
    private int _next;

    public string Get(ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < Slots; i++)
        {
            if (_bytes[i] is { } cached && value.SequenceEqual(cached))
            {
                return _strings[i]!;
            }
        }

        var text = Encoding.ASCII.GetString(value);
        _bytes[_next] = value.ToArray();
        _strings[_next] = text;
        _next = (_next + 1) % Slots;
        return text;
    }
}
