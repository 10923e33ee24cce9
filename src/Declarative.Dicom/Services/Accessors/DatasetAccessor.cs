using System.ComponentModel;
using Declarative.Dicom.Data;

namespace Declarative.Dicom;

/// <summary>
/// Base of the generated typed accessors over an Event Information, Event Reply or Action dataset:
/// properties named by keyword and typed by VR. Type 1 properties throw
/// <see cref="DicomRequiredAttributeException"/> when absent; the others read as null or empty.
/// </summary>
public abstract partial class DatasetAccessor
{
    protected DatasetAccessor(DicomDataset dataset) => Dataset = dataset;

    /// <summary>The dataset behind the accessor, for attributes the accessor does not name.</summary>
    public DicomDataset Dataset { get; private set; }

    /// <summary>Points an accessor its request object lends again at that request's next dataset (<see cref="DimseRequest.AccessorFor"/>).</summary>
    internal void Rebind(DicomDataset dataset) => Dataset = dataset;

    /// <summary>What the accessor describes, for error messages ("Storage Commitment Request Successful").</summary>
    protected abstract string Description { get; }

    [EditorBrowsable(EditorBrowsableState.Never)]
    protected string RequiredString(uint tag) =>
        Dataset.TryGetValue<string>(new DicomTag(tag), out var value) && value.Length > 0
            ? Dataset.GetString(new DicomTag(tag))
            : throw new DicomRequiredAttributeException(new DicomTag(tag), Description);

    [EditorBrowsable(EditorBrowsableState.Never)]
    protected string? OptionalString(uint tag) => Dataset.GetStringOrDefault(new DicomTag(tag));

    [EditorBrowsable(EditorBrowsableState.Never)]
    protected T RequiredValue<T>(uint tag) where T : struct =>
        Dataset.TryGetValue<T>(new DicomTag(tag), out var value) ? value : throw new DicomRequiredAttributeException(new DicomTag(tag), Description);

    [EditorBrowsable(EditorBrowsableState.Never)]
    protected T? OptionalValue<T>(uint tag) where T : struct =>
        Dataset.TryGetValue<T>(new DicomTag(tag), out var value) ? value : null;

    [EditorBrowsable(EditorBrowsableState.Never)]
    protected T[] Values<T>(uint tag) => Dataset.Contains(new DicomTag(tag)) ? Dataset.GetValues<T>(new DicomTag(tag)) : [];

    [EditorBrowsable(EditorBrowsableState.Never)]
    protected DicomItemList<TItem> Items<TItem>(uint tag, Func<DicomDataset, TItem> create, bool required) where TItem : DatasetAccessor
    {
        var sequence = Dataset.GetSequenceOrDefault(new DicomTag(tag));
        if (sequence is null && required)
        {
            throw new DicomRequiredAttributeException(new DicomTag(tag), Description);
        }

        return new DicomItemList<TItem>(sequence, create);
    }

    /// <summary>
    /// The first Type 1 attribute (PS3.4 requirement of the sender) that is absent or empty, searched into
    /// sequence items; null when all are there. Generated accessors call this with their attribute table.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected static string? FindMissing(DicomDataset? dataset, RequiredAttribute[] required) => FindMissingDetail(dataset, required)?.Path;

    /// <summary>As <see cref="FindMissing"/>, telling an absent attribute from an empty one (N-CREATE answers 0x0120 or 0x0121).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected static MissingRequiredAttribute? FindMissingDetail(DicomDataset? dataset, RequiredAttribute[] required)
    {
        foreach (var attribute in required)
        {
            var tag = new DicomTag(attribute.Tag);
            var found = dataset?.Find(tag);
            var empty = found is null || found is DicomElement { IsEmpty: true };
            if (empty)
            {
                if (attribute.IsRequired)
                {
                    return new MissingRequiredAttribute(tag.ToDisplayString(), IsEmpty: found is not null);
                }

                continue;
            }

            // Items of a sequence that is present must carry their own Type 1 attributes, optional sequence or not.
            if (found is DicomSequence sequence)
            {
                for (var i = 0; i < sequence.Count; i++)
                {
                    if (FindMissingDetail(sequence[i], attribute.Items) is { } inner)
                    {
                        return inner with { Path = $"{tag.ToDisplayString()} item {i + 1} > {inner.Path}" };
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The top-level attributes of <paramref name="dataset"/> that <paramref name="notAllowed"/> names, or null when there are none.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected static DicomTag[]? FindListed(DicomDataset? dataset, uint[] notAllowed)
    {
        List<DicomTag>? found = null;
        foreach (var tag in notAllowed)
        {
            if (dataset?.Contains(new DicomTag(tag)) == true)
            {
                (found ??= []).Add(new DicomTag(tag));
            }
        }

        return found?.ToArray();
    }

    /// <summary>One row of a generated attribute table: a tag, whether it is Type 1, and its item attributes.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected readonly record struct RequiredAttribute(uint Tag, bool IsRequired, RequiredAttribute[] Items);
}
