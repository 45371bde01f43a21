import Testing

@testable import CoursedApp

@Suite("Command line exit codes")
struct CommandLineTests {
    @Test func badUsageExitsTwo() async {
        #expect(await CoursedMain.run(["no-such-command"]) == 2)
        #expect(await CoursedMain.run(["serve", "--port", "not-a-number"]) == 2)
        #expect(await CoursedMain.run(["user", "add"]) == 2)
        #expect(await CoursedMain.run(["migrate", "--dir", "/nonexistent-migrations"]) == 2)
        #expect(await CoursedMain.run(["migrate", "--plan", "--skip-unfinished", "002_x"]) == 2)
    }

    @Test(arguments: [[], ["backup"], ["cache"], ["alerts"], ["user"]])
    func aGroupWithoutItsCommandIsBadUsage(arguments: [String]) async {
        #expect(await CoursedMain.run(arguments) == 2)
        #expect(await CoursedMain.run(arguments + ["--help"]) == 0)
    }

    @Test func argumentParserErrorsAreOneLine() {
        #expect(CoursedMain.firstLine(of: "Error: bad\nUsage: coursed x\n  See 'coursed x --help'.") == "Error: bad")
    }

    @Test func helpAndVersionExitZero() async {
        #expect(await CoursedMain.run(["--help"]) == 0)
        #expect(await CoursedMain.run(["--version"]) == 0)
    }
}
