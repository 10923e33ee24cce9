using Declarative.Dicom.Network;

namespace Declarative.Dicom.Tests.Network;

/// <summary>"AET@host:port" as command lines and configuration files write it; port 0 only for a listener that asks for any free port.</summary>
public class RemoteApplicationEntityTests
{
    [Fact]
    public void AnAddress_IsTitleHostAndPort()
    {
        Assert.Equal(new RemoteApplicationEntity("ORTHANC", "10.0.0.5", 4242), RemoteApplicationEntity.Parse("ORTHANC@10.0.0.5:4242"));
    }

    [Theory]
    [InlineData("ORTHANC@10.0.0.5")]
    [InlineData("@10.0.0.5:4242")]
    [InlineData("ORTHANC@:4242")]
    [InlineData("ORTHANC@10.0.0.5:70000")]
    [InlineData("ORTHANC@10.0.0.5:0")]
    [InlineData("A_TITLE_LONGER_THAN_16@10.0.0.5:104")]
    public void WhatIsNotAnAddress_IsRefusedWithTheText(string text)
    {
        var error = Assert.Throws<FormatException>(() => RemoteApplicationEntity.Parse(text));

        Assert.Contains(text.Split('@')[0].Length > 16 ? "longer than 16" : text, error.Message);
    }

    [Fact]
    public void PortZero_IsAcceptedOnlyWhenAnyPortIsAllowed()
    {
        Assert.Equal(0, RemoteApplicationEntity.Parse("LISTENER@127.0.0.1:0", allowAnyPort: true).Port);
        Assert.Throws<FormatException>(() => RemoteApplicationEntity.Parse("LISTENER@127.0.0.1:-1", allowAnyPort: true));
    }
}
