using Vern.Storage;

namespace Vern.Register.Export;

/// <summary>Who exported a delivery and how, in bokmål, for the register page's history and <c>vern register deliveries</c>
/// (migration 35). An export recorded before then has neither.</summary>
public static class DeliveryOriginText
{
    /// <summary>What the history says where an export has no recorded origin.</summary>
    public const string Unknown = "ukjent (eksportert før dette ble registrert)";

    /// <summary>How the files reached the person who exported: «lastet ned på registersiden», «zip-fil fra kommandolinjen», …</summary>
    public static string Way(DeliveryOrigin? origin) => origin?.Way switch
    {
        null => "ukjent",
        DeliveryWay.WebDownload => "lastet ned på registersiden",
        DeliveryWay.CliZip => "zip-fil fra kommandolinjen",
        DeliveryWay.CliFolder => "mappe fra kommandolinjen",
        var way => throw new NotSupportedException($"The delivery way {way} has not been implemented."),
    };
}
