using System.Globalization;

namespace Vern.Cli.Commands;

/// <summary>Kroner as Norwegians write them (12 345,67), without culture data (the CLI runs in invariant globalization mode).</summary>
internal static class NorwegianNumbers
{
    public static readonly NumberFormatInfo Format = new() { NumberGroupSeparator = " ", NumberDecimalSeparator = ",", NumberGroupSizes = [3] };
}
