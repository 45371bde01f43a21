import ArgumentParser
import Foundation
import Observability

/// Runs the command line and maps every outcome to the exit codes of SPEC §13:
/// 0 success, 1 a failed check or command, 2 bad usage or unreadable configuration.
public enum CoursedMain {
    /// Parses `arguments` (without the program name), runs the command, and returns the exit code once every log
    /// line has been written out.
    public static func run(_ arguments: [String]) async -> Int32 {
        let code = await runCommand(arguments)
        StandardStreamLogSink.flushAll()
        return code
    }

    private static func runCommand(_ arguments: [String]) async -> Int32 {
        let command: any ParsableCommand
        do {
            command = try CoursedCommand.parseAsRoot(arguments)
        } catch {
            let code = CoursedCommand.exitCode(for: error)
            if code == .success {
                print(CoursedCommand.fullMessage(for: error, columns: 100))
                return 0
            }
            printError(firstLine(of: CoursedCommand.fullMessage(for: error)))
            return 2
        }
        let subcommands = type(of: command).configuration.subcommands
        if !subcommands.isEmpty {
            // `coursed`, `coursed backup`...: a group named without one of its commands is bad usage (2), not help.
            let names = subcommands.map { $0.configuration.commandName ?? "\($0)" }.joined(separator: ", ")
            printError("missing command: one of \(names) (see --help)")
            return 2
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
            return 0
        } catch let failure as CommandFailure {
            printError(failure.message)
            return failure.code
        } catch let error as ConfigurationError {
            printError(error.description)
            return 2
        } catch {
            let code = CoursedCommand.exitCode(for: error)
            if code == .success {  // `--help` parses to a help command whose run() throws the help text
                let text = CoursedCommand.fullMessage(for: error, columns: 100)
                if !text.isEmpty { print(text) }
                return 0
            }
            if error is ValidationError || code == .validationFailure {
                printError(firstLine(of: CoursedCommand.fullMessage(for: error)))
                return 2
            }
            printError("error: \(error)")
            return 1
        }
    }

    /// The first non-empty line of an ArgumentParser message (the rest is usage and a pointer to --help).
    static func firstLine(of message: String) -> String {
        message.split(separator: "\n").first.map(String.init) ?? "bad usage"
    }

    /// Writes one line to stderr.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
