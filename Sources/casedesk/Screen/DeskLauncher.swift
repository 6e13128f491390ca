import CaseDesk
import CaseDeskConfig
import CaseDeskTUI
import CaseStore
import CursesTerminal
import Foundation
import Letters
import MailDesk
import TerminalKit

extension CursesTerminal: DeskScreen {}

/// Opens the desk on screen: identity, settings (the screen's, and `[mail]` for letters) and theme
/// first (their errors are one line, before anything is drawn), then the terminal (a bad TERM or no terminal ends here, before the store is
/// touched), then the store and the key loop. The terminal is restored however it ends.
struct DeskLauncher {
    var place: StorePlace
    var theme: String?
    /// Benchmarks only: report the first frame on this file descriptor, then run the key script or quit.
    var benchReport: Int32?
    var benchKeys = false

    @MainActor
    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let actor = try place.actor()
        var config = DeskConfig()
        if let path = MailSettings.defaultPath(environment: environment) {
            do {
                config = try DeskConfig.load(path: path)
            } catch {
                throw CLIError.refused(error.description)
            }
        }
        let requested = theme ?? config.theme
        let letters: LetterDesk
        do {
            let mail = try MailSettings.load(path: MailSettings.defaultPath(environment: environment))
            letters = LetterDesk(settings: mail,
                                 templates: LetterTemplates(directory: mail.templates ?? LetterTemplates.defaultDirectory(environment: environment)))
        } catch {
            throw CLIError.refused(error.description)
        }
        let userThemes = Theme.userDirectory(environment: environment)
        var chosen: Theme?
        if let requested {
            do {
                chosen = try Theme.resolve(nameOrPath: requested, userDirectory: userThemes)
            } catch {
                throw CLIError.refused(error.description)
            }
        }
        let path = place.path
        // Before the screen: letters recorded as sent but left in tmp/ go out, and what stays is said.
        // The store opened for it is the desk's too (opening one again cost a tenth of the launch);
        // when it cannot be opened here, the desk tries again below and that error is the one told.
        let opened = try? CaseStores.open(path: path)
        let stranded = opened.map { Outbox(path: letters.settings.outboxPath(storePath: path)).recoverStranded(store: $0) }
        for line in stranded?.lines ?? [] { FileHandle.standardError.write(Data((line + "\n").utf8)) }

        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal.start()
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            Foundation.exit(1)
        }
        let ending: DeskLoop.Ending
        do {
            terminal.apply(try chosen ?? Theme.select(requested: nil, userDirectory: userThemes, environment: environment,
                                                      colorCount: terminal.colorCount))
            var access = StoreAccess.sqlite
            if let opened { access.open = { _ throws(StoreError) in opened } }
            let driver = try DeskDriver(path: path, actor: actor, size: terminal.size, access: access, letters: letters, config: config)
            ending = DeskLoop.run(driver, on: terminal) {
                guard let fd = benchReport else { return true }
                ScreenBenchScript.reportFirstFrame(fd)
                if benchKeys { ScreenBenchScript.run(driver, on: terminal, report: fd) }
                return false
            }
        } catch let error as StoreError {
            terminal.stop()
            throw CLIError.refused(error.description)
        } catch {
            terminal.stop()
            throw CLIError.refused("\(error)")
        }
        terminal.stop()
        if case let .signal(signal) = ending { Foundation.exit(128 + signal) }
    }
}
