import Testing

@testable import CoursedApp

@Suite("Command line exit codes")
struct CommandLineTests {
    @Test func badUsageExitsTwo() async {
        #expect(await CoursedMain.run(["no-such-command"]) == 2)
        #expect(await CoursedMain.run(["serve", "--port", "not-a-number"]) == 2)
        #expect(await CoursedMain.run(["user", "add"]) == 2)
    }

    @Test func helpAndVersionExitZero() async {
        #expect(await CoursedMain.run(["--help"]) == 0)
        #expect(await CoursedMain.run(["--version"]) == 0)
    }
}
