namespace Vern.Domain.Documentation;

/// <summary>A type of journal note (notattype), as data: its code (typed on the command line and stored), its bokmål name,
/// and whether a note of the type is a conversation with the child (which should also give a participation record).</summary>
public sealed record NoteType(string Code, string Name, bool IsConversationWithChild = false);

/// <summary>The journal note types Vern knows. Not an SSB code list: the register has no journal notes. The list follows the
/// kinds of contact a child welfare service documents in practice (samtale med barnet, hjemmebesøk, samarbeidsmøte …);
/// add a type here, never rename one that is stored.</summary>
public static class NoteTypes
{
    public static readonly IReadOnlyList<NoteType> All =
    [
        new("samtale-barn", "Samtale med barnet", IsConversationWithChild: true),
        new("samtale-foreldre", "Samtale med foreldre"),
        new("hjemmebesok", "Hjemmebesøk"),
        new("samarbeidsmote", "Samarbeidsmøte"),
        new("telefon", "Telefonsamtale"),
        new("observasjon", "Observasjon"),
        new("intern-drofting", "Intern drøfting"),
        new("ansvarsgruppe", "Ansvarsgruppemøte"),
        new("annet", "Annet"),
    ];

    public static NoteType? Find(string code) => All.FirstOrDefault(t => t.Code == code);

    public static string Codes => string.Join(", ", All.Select(t => t.Code));
}
