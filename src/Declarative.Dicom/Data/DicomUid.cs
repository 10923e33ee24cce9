using System.Numerics;

namespace Declarative.Dicom.Data;

/// <summary>UID helpers (PS3.5 section 9).</summary>
public static class DicomUid
{
    /// <summary>A new UID under the 2.25 root, derived from a random UUID (PS3.5 B.2).</summary>
    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(bytes, bigEndian: true, out _);
        return "2.25." + new BigInteger(bytes, isUnsigned: true, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>True for a syntactically valid UID: 1 to 64 characters, digits in dot-separated components without leading zeros.</summary>
    public static bool IsValid(string uid)
    {
        if (uid.Length is 0 or > 64)
        {
            return false;
        }

        var componentStart = 0;
        for (var i = 0; i <= uid.Length; i++)
        {
            if (i == uid.Length || uid[i] == '.')
            {
                var length = i - componentStart;
                if (length == 0 || (length > 1 && uid[componentStart] == '0'))
                {
                    return false;
                }

                componentStart = i + 1;
            }
            else if (uid[i] is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
