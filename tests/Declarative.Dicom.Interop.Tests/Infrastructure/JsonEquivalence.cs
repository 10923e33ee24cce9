using System.Globalization;
using System.Text.Json;

namespace Declarative.Dicom.Interop.Tests.Infrastructure;

/// <summary>
/// Compares two DICOM JSON documents by meaning: object member order is free, numbers compare by value
/// (DCMTK prints 1 where we print 1.0), everything else must be equal. Reports the JSON path of the first difference.
/// </summary>
internal static class JsonEquivalence
{
    public static void AssertEquivalent(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        var difference = Compare(e.RootElement, a.RootElement, "$");
        if (difference is not null)
        {
            Assert.Fail($"{difference}\nexpected:\n{expected}\nactual:\n{actual}");
        }
    }

    private static string? Compare(JsonElement e, JsonElement a, string path)
    {
        if (e.ValueKind == JsonValueKind.Number && a.ValueKind == JsonValueKind.Number)
        {
            var x = e.GetDouble();
            var y = a.GetDouble();
            return x == y || Math.Abs(x - y) <= 1e-12 * Math.Max(Math.Abs(x), Math.Abs(y))
                ? null
                : $"{path}: {x.ToString(CultureInfo.InvariantCulture)} != {y.ToString(CultureInfo.InvariantCulture)}";
        }

        if (e.ValueKind != a.ValueKind)
        {
            return $"{path}: {e.ValueKind} != {a.ValueKind}";
        }

        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var names = e.EnumerateObject().Select(p => p.Name).Order().ToArray();
                var otherNames = a.EnumerateObject().Select(p => p.Name).Order().ToArray();
                if (!names.SequenceEqual(otherNames))
                {
                    return $"{path}: members [{string.Join(',', names)}] != [{string.Join(',', otherNames)}]";
                }

                foreach (var name in names)
                {
                    var d = Compare(e.GetProperty(name), a.GetProperty(name), $"{path}.{name}");
                    if (d is not null)
                    {
                        return d;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var left = e.EnumerateArray().ToArray();
                var right = a.EnumerateArray().ToArray();
                if (left.Length != right.Length)
                {
                    return $"{path}: {left.Length} elements != {right.Length}";
                }

                for (var i = 0; i < left.Length; i++)
                {
                    var d = Compare(left[i], right[i], $"{path}[{i}]");
                    if (d is not null)
                    {
                        return d;
                    }
                }

                return null;
            case JsonValueKind.String:
                return e.GetString() == a.GetString() ? null : $"{path}: \"{e.GetString()}\" != \"{a.GetString()}\"";
            default:
                return e.GetRawText() == a.GetRawText() ? null : $"{path}: {e.GetRawText()} != {a.GetRawText()}";
        }
    }
}
