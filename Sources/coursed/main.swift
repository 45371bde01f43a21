import CoursedApp
import Foundation

exit(await CoursedMain.run(Array(CommandLine.arguments.dropFirst())))
