using System.Buffers.Binary;

namespace Declarative.Dicom.Fuzz;

/// <summary>
/// Random mutations of corpus entries, the kinds that find parser bugs: bit flips, interesting integers written over
/// length fields, bytes inserted, deleted and duplicated, entries spliced. Seeded, so that a finding replays.
/// </summary>
public sealed class Mutator(int seed)
{
    private static readonly uint[] Interesting = [0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF];
    private readonly Random _random = new(seed);

    public byte[] Mutate(IReadOnlyList<byte[]> corpus)
    {
        var input = corpus[_random.Next(corpus.Count)].ToList();
        var rounds = 1 + _random.Next(4);
        for (var r = 0; r < rounds; r++)
        {
            var at = input.Count == 0 ? 0 : _random.Next(input.Count);
            switch (_random.Next(6))
            {
                case 0 when input.Count > 0:
                    input[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1 when input.Count >= 4:
                    var value = Interesting[_random.Next(Interesting.Length)];
                    var bytes = new byte[4];
                    if (_random.Next(2) == 0)
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt32BigEndian(bytes, value); // PDU lengths are big-endian
                    }

                    at = Math.Min(at, input.Count - 4);
                    for (var i = 0; i < 4; i++)
                    {
                        input[at + i] = bytes[i];
                    }

                    break;
                case 2:
                    input.Insert(at, (byte)_random.Next(256));
                    break;
                case 3 when input.Count > 0:
                    input.RemoveRange(at, Math.Min(input.Count - at, 1 + _random.Next(8)));
                    break;
                case 4 when input.Count > 0:
                    var length = Math.Min(input.Count - at, 1 + _random.Next(16));
                    input.InsertRange(at, input.GetRange(at, length));
                    break;
                default:
                    var other = corpus[_random.Next(corpus.Count)];
                    if (other.Length > 0)
                    {
                        var from = _random.Next(other.Length);
                        input.InsertRange(at, other.Skip(from).Take(1 + _random.Next(32)));
                    }

                    break;
            }
        }

        return [.. input];
    }
}
