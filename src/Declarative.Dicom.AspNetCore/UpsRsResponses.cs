using System.Text.Json;
using Declarative.Dicom.Data;
using Declarative.Dicom.Data.Json;
using Microsoft.AspNetCore.Http;

namespace Declarative.Dicom.AspNetCore;

/// <summary>How the UPS-RS endpoints answer: a status with its Warning header field, and DICOM JSON payloads.</summary>
internal static class UpsRsResponses
{
    public const string MediaType = "application/dicom+json";

    /// <summary>The status; its Warning (PS3.18's phrase, else the workflow's reason) as <c>299 {service}: …</c>.</summary>
    public static void Status(HttpContext context, UpsRsOptions options, int status, string? warning)
    {
        context.Response.StatusCode = status;
        if (!string.IsNullOrEmpty(warning))
        {
            // A header value is one line of visible ASCII: a reason from a dataset may hold neither.
            var line = new string([.. warning.Select(c => c is >= ' ' and <= '~' ? c : ' ')]);
            context.Response.Headers.Append("Warning", $"299 {options.ServiceName}: {line}");
        }
    }

    /// <summary>Datasets as a DICOM JSON array (PS3.18 F.2), the way every DICOMweb payload of datasets is written.</summary>
    public static async Task DatasetsAsync(HttpContext context, IEnumerable<DicomDataset> datasets, CancellationToken cancellationToken)
    {
        context.Response.ContentType = MediaType;
        await using var writer = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        writer.WriteStartArray();
        foreach (var dataset in datasets)
        {
            DicomJsonWriter.Write(writer, dataset);
            if (writer.BytesPending > 16 * 1024)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
