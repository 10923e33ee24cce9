using Declarative.Dicom.Data;
using Declarative.Dicom.Data.Json;
using Microsoft.AspNetCore.Http;

namespace Declarative.Dicom.AspNetCore;

/// <summary>
/// The DICOM JSON dataset a UPS-RS request carries (PS3.18 F.2): one dataset, written as DICOM JSON writes datasets (an
/// array of one) or bare. Read under a size limit that is checked before the body is (Content-Length) and while it is
/// (a chunked body), so that an oversized body costs no more than the limit.
/// </summary>
internal static class UpsRsRequestBody
{
    /// <summary>The dataset, null for an empty body; a <see cref="UpsRsRefusal"/> says what was wrong and which status answers it.</summary>
    public static async Task<DicomDataset?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var mediaType = request.ContentType?.Split(';')[0].Trim();
            if (!string.Equals(mediaType, "application/dicom+json", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
            {
                throw new UpsRsRefusal(415, $"The payload is {mediaType ?? "untyped"}; this origin server reads application/dicom+json.");
            }
        }

        if (request.ContentLength > maxBytes)
        {
            throw new UpsRsRefusal(413, $"The payload of {request.ContentLength} bytes is over the limit of {maxBytes}.");
        }

        var body = await ReadLimitedAsync(request.Body, maxBytes, cancellationToken).ConfigureAwait(false);
        return body.Length == 0 ? null : Parse(body);
    }

    /// <summary>A payload's dataset; every shape that is not one DICOM JSON dataset is a 400 that says why.</summary>
    public static DicomDataset Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return DicomJsonReader.ReadOne(body);
        }
        catch (DicomDataException ex)
        {
            throw new UpsRsRefusal(400, $"The payload is not one DICOM JSON dataset: {ex.Message}");
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new UpsRsRefusal(413, $"The payload is over the limit of {maxBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>A request refused before it reached the workflow: the HTTP status and the reason, sent as the Warning.</summary>
internal sealed class UpsRsRefusal(int status, string reason) : Exception(reason)
{
    public int Status { get; } = status;
}
