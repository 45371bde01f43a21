import ArgumentParser

/// The `coursed` command line: the API server and the operational commands (SPEC §13).
struct CoursedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coursed",
        abstract: "The backend of the AI course platform.",
        version: CoursedVersion.current,
        subcommands: [
            ServeCommand.self, UserCommand.self, CheckSecurityCommand.self, VerifyCommand.self, AlertsCommand.self,
            MigrateCommand.self, BackupCommand.self, CacheCommand.self, AssetsCommand.self, WorkerCommand.self,
        ])
}

/// A command that ran and failed: its message goes to stderr, and the process exits with `code`.
struct CommandFailure: Error, CustomStringConvertible {
    var code: Int32 = 1
    var message: String
    var description: String { message }
}
