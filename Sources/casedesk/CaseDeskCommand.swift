import ArgumentParser
import Foundation

/// The root command. Synchronous on purpose: an async root would run subcommands off the main
/// thread, where ncurses must not be called (DESIGN.md).
@main
struct CaseDeskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "casedesk",
        abstract: "The complaint and abuse desk: business-day promises on a shared case store.",
        subcommands: [
            InitCommand.self, StaffCommand.self,
            NewCommand.self, ListCommand.self, ShowCommand.self, SearchCommand.self,
            AssignCommand.self, NoteCommand.self, AckCommand.self, ExtendCommand.self, RespondCommand.self,
            FormalCommand.self, EscalateCommand.self, CompleteCommand.self, AcceptLateCommand.self, RefuseLateCommand.self,
            FinalCommand.self, CloseCommand.self, ReopenCommand.self, PauseCommand.self, ResumeCommand.self, MitigateCommand.self,
            RouteCommand.self, CategorizeCommand.self,
            // The abuse desk under the registrar's contract (issue 12).
            ClassifyCommand.self, ConfirmCommand.self, EvidenceCommand.self, AssociatedNamesCommand.self, AbuseRecordCommand.self,
            // Incidents (issue 12): many abuse reports, one problem.
            LinkCommand.self, UnlinkCommand.self, IncidentCommand.self,
            SweepCommand.self, VerifyCommand.self, SealCommand.self, ConfigCommand.self, DemoCommand.self, BenchCommand.self,
            DueCommand.self, CalendarCommand.self,
            HandoverCommand.self, StatsCommand.self, ExportCommand.self, BundleCommand.self,
            // Mail in, letters out (issue 5).
            ImportCommand.self, MessageCommand.self, LetterCommand.self,
            // The desk on screen (issue 4): what casedesk runs with no subcommand.
            ScreenCommand.self,
        ],
        defaultSubcommand: ScreenCommand.self
    )

    /// Usage errors exit 2 (not ArgumentParser's 64) so scripts can tell them from refusals (1), in
    /// one line like every other error.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, !first.hasPrefix("-"), first != "help",
           !configuration.subcommands.contains(where: { $0.configuration.commandName == first }) {
            FileHandle.standardError.write(Data("casedesk: there is no command \"\(CaseReport.safe(first))\" (see: casedesk --help)\n".utf8))
            Foundation.exit(2)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            // Errors quote outside text (a sender's name, a refused address, an option's value).
            FileHandle.standardError.write(Data("casedesk: \(CaseReport.safe(error.message))\n".utf8))
            Foundation.exit(error.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if code == .validationFailure {
                let line = message(for: error).split(separator: "\n").first.map(String.init) ?? "the command is not written right"
                let command = arguments.first { !$0.hasPrefix("-") } ?? ""
                FileHandle.standardError.write(Data("casedesk: \(CaseReport.safe(line)) (see: casedesk help \(CaseReport.safe(command)))\n".utf8))
                Foundation.exit(2)
            }
            FileHandle.standardError.write(Data((CaseReport.safeBlock(fullMessage(for: error)) + "\n").utf8))
            Foundation.exit(code.rawValue)
        }
    }
}
