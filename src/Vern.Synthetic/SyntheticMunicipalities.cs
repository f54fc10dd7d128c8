using System.Globalization;

namespace Vern.Synthetic;

/// <summary>The reporting body (Avgiver: organisation number and name) of the generator's made-up municipalities: 7777
/// Vernvik (<see cref="DemoGenerator"/>) and 7001–7999 (<see cref="NationalGenerator"/>: 7001–7356 for Norway's 356; 7777 is
/// always Vernvik). FICTIONAL DATA: no real
/// kommunenummer starts with 7 (real ones run 0301–5636), and the organisation numbers are made up in a valid format — nine
/// digits with a modulus-11 control digit (weights 3 2 7 6 5 4 3 2, as Brønnøysundregistrene's numbers) — but starting with
/// 1, which Brønnøysundregistrene never issues (its numbers start with 8 or 9), so none can be a real organisation's.</summary>
public static class SyntheticMunicipalities
{
    /// <summary>The fictional organisation number and name for a generator municipality, or null for any other number.</summary>
    public static (string OrganisationNumber, string Name)? Reporter(string municipalityNumber)
    {
        if (municipalityNumber == DemoGenerator.Municipality.Number)
            return (OrganisationNumber(municipalityNumber), DemoGenerator.Municipality.Name);
        if (int.TryParse(municipalityNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && municipalityNumber.Length == 4
            && n is >= 7001 and <= 7999)
            return (OrganisationNumber(municipalityNumber), Names.Municipality(n - 7001));
        return null;
    }

    /// <summary>"10" + kommunenummer + two digits + the modulus-11 control digit; the two digits count up from 00 until the
    /// control digit is not 10 (a number whose control digit would be 10 is not valid).</summary>
    internal static string OrganisationNumber(string municipalityNumber)
    {
        ReadOnlySpan<int> weights = [3, 2, 7, 6, 5, 4, 3, 2];
        for (var extra = 0; extra < 100; extra++)
        {
            var body = string.Create(CultureInfo.InvariantCulture, $"10{municipalityNumber}{extra:00}");
            var sum = 0;
            for (var i = 0; i < 8; i++)
                sum += (body[i] - '0') * weights[i];
            var control = (11 - sum % 11) % 11;
            if (control != 10)
                return body + control.ToString(CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"No valid organisation number for {municipalityNumber}.");
    }
}
