import CoursedApp
import Foundation

CoursedMain.installEventLoopsAsGlobalExecutor(environment: ProcessInfo.processInfo.environment)
exit(await CoursedMain.run(Array(CommandLine.arguments.dropFirst())))
