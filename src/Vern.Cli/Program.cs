using System.CommandLine;
using Vern.Cli;
using Vern.Cli.Commands;

var root = new RootCommand("Vern – fagsystem for barnevernet (the municipal child welfare case system). Kommandoer, valg og avslutningskoder: docs/cli.md.");
CommonOptions.AddTo(root);

// One line per command; each command lives in its own file under Commands/.
root.Subcommands.Add(InitCommand.Create());
root.Subcommands.Add(CasesCommand.Create());
root.Subcommands.Add(UserCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(new Command("validate", "Validér filer") { ValidateRegisterCommand.Create() });
root.Subcommands.Add(DeadlinesCommand.Create());
root.Subcommands.Add(WorklistCommand.Create());
root.Subcommands.Add(ComplianceCommand.Create());
root.Subcommands.Add(StaffCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(RegisterCheckCommand.Create());
root.Subcommands.Add(ReferenceCommand.Create());
root.Subcommands.Add(SimulateCommand.Create());
root.Subcommands.Add(StatsCommand.Create());
root.Subcommands.Add(VerifyCommand.Create());
root.Subcommands.Add(SearchCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(MatchCommand.Create());
root.Subcommands.Add(BackupCommand.Create());
root.Subcommands.Add(RestoreCommand.Create());
root.Subcommands.Add(MigrateCommand.Create());
root.Subcommands.Add(IntakeCommand.Create());
root.Subcommands.Add(TokenCommand.Create());
root.Subcommands.Add(ReferralCommand.Create());
root.Subcommands.Add(BufetatCommand.Create());
root.Subcommands.Add(CopayCommand.Create());
root.Subcommands.Add(InvoiceCommand.Create());
root.Subcommands.Add(KostraCommand.Create());

return Cli.Run(root, args);
