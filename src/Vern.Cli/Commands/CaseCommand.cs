namespace Vern.Cli.Commands; public static class CaseCommand { public static System.CommandLine.Command Create() => new("case", "Saker: åpne, registrere, vise, eksportere/importere"); }
