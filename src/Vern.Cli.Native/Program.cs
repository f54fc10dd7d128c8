using System.CommandLine;
using Vern.Cli;
using Vern.Cli.Commands;

// The native build of `vern validate register` (see Vern.Cli.Native.csproj). The root knows the CLI's common options, so a
// command line the managed CLI accepts parses the same here; `./vern` sends only `validate register` to this program.
var root = new RootCommand("Vern – validering av registerfiler til SSB (forhåndskompilert). Hele CLI-et: ./vern --help.");
CommonOptions.AddTo(root);
root.Subcommands.Add(new Command("validate", "Validér filer") { ValidateRegisterCommand.Create() });

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
    return Cli.Refuse(parse);
try
{
    return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (Cli.DescribeInput(e) is { } failure)
{
    Cli.Fail(failure.Message);
    return failure.Code;
}
