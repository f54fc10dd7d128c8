namespace Vern.Synthetic;

/// <summary>Small lists of common Norwegian names for synthetic children and municipalities. Names are drawn at
/// random and combined freely; any likeness to a real person is chance.</summary>
internal static class Names
{
    public static readonly string[] Girls =
    [
        "Nora", "Emma", "Olivia", "Ella", "Sofie", "Leah", "Frida", "Ingrid", "Sara", "Maja", "Astrid", "Selma",
        "Ada", "Hedda", "Amalie", "Tiril", "Linnea", "Thea", "Vilde", "Ida", "Mathilde", "Jenny", "Aurora", "Eva",
        "Hanna", "Julie", "Mia", "Oda", "Sigrid", "Iben", "Live", "Tuva", "Marte", "Amina", "Zainab", "Aisha",
    ];

    public static readonly string[] Boys =
    [
        "Jakob", "Emil", "Noah", "Oliver", "Filip", "William", "Lucas", "Liam", "Henrik", "Oskar", "Aksel", "Theodor",
        "Elias", "Kasper", "Magnus", "Johannes", "Isak", "Mathias", "Tobias", "Sander", "Jonas", "Ludvig", "Olav",
        "Sverre", "Even", "Eirik", "Håkon", "Sindre", "Vetle", "Adam", "Ali", "Mohammed", "Yusuf", "Daniel", "Leon", "Iver",
    ];

    public static readonly string[] Family =
    [
        "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen",
        "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl",
        "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand",
        "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen", "Mathisen", "Lie",
        "Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde", "Solheim", "Berge", "Moe", "Nygård", "Bakke", "Ahmed", "Kowalski",
    ];

    private static readonly string[] Prefixes =
    [
        "Nord", "Sør", "Øst", "Vest", "Stor", "Lille", "Ny", "Gamle", "Indre", "Ytre", "Øvre", "Nedre", "Lyng", "Fjell",
        "Skog", "Sjø", "Bjørk", "Furu", "Elve", "Stein", "Mose", "Sol", "Kvit", "Rød", "Grøn", "Blå", "Ørne", "Ulve",
        "Hjorte", "Reve", "Laks", "Sild", "Mjød", "Vern", "Tind", "Berg", "Myr", "Eike", "Lind", "Heg",
    ];

    private static readonly string[] Suffixes =
    [
        "vik", "dal", "fjord", "øy", "nes", "haug", "berg", "strand", "land", "bygd", "sund", "heim", "vang", "li",
        "mo", "set", "stad", "rud", "voll", "å",
    ];

    /// <summary>The <paramref name="index"/>-th made-up municipality name (unique for index &lt; 800).</summary>
    public static string Municipality(int index)
    {
        var prefix = Prefixes[index % Prefixes.Length];
        var suffix = Suffixes[index / Prefixes.Length % Suffixes.Length];
        return prefix + suffix;
    }
}
