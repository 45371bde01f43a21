import Foundation
import Logging
import Observability
import Testing

@Suite struct LineLogHandlerJSONTests {
    private func makeLogger(_ sink: CapturingSink, clock: FakeClock = FakeClock()) -> Logger {
        var logger = Logger(label: "coursed.test") { label in
            LineLogHandler(label: label, format: .json, sink: sink, clock: clock)
        }
        logger.logLevel = .debug
        return logger
    }

    private func parse(_ line: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func writesOneJSONObjectPerLineWithTheFixedFields() throws {
        let sink = CapturingSink()
        let logger = makeLogger(sink, clock: FakeClock(Date(timeIntervalSince1970: 1_767_323_045.678)))
        logger.info("hello", metadata: ["request_id": "abc", "status": .stringConvertible(200)])

        #expect(sink.lines.count == 1)
        let line = try #require(sink.lines.first)
        #expect(!line.contains("\n"))
        let object = try parse(line)
        #expect(object["timestamp"] as? String == "2026-01-02T03:04:05.678Z")
        #expect(object["level"] as? String == "info")
        #expect(object["label"] as? String == "coursed.test")
        #expect(object["message"] as? String == "hello")
        #expect(object["request_id"] as? String == "abc")
        #expect(object["status"] as? Int == 200)
    }

    @Test(arguments: [
        "quote \" backslash \\ slash /", "line\nbreak\r\ncarriage", "tab\there", "nul \u{0} bell \u{7} del \u{7F}",
        "caf\u{E9} \u{1F600} \u{4E2D}", "sep \u{2028} \u{2029}", "{\"injected\":true}", "\\u0000",
    ])
    func escapesEverythingSoTheLineStaysOneValidObject(text: String) throws {
        let sink = CapturingSink()
        makeLogger(sink).warning("\(text)", metadata: [text: .string(text)])
        let line = try #require(sink.lines.first)
        #expect(!line.contains("\n") && !line.contains("\r") && !line.contains("\u{2028}"))
        let object = try parse(line)
        #expect(object["message"] as? String == text)
        #expect(object[text] as? String == text)
    }

    @Test func flattensNestedMetadataAndKeepsArraysAndProtectsReservedKeys() throws {
        let sink = CapturingSink()
        makeLogger(sink).error(
            "boom",
            metadata: [
                "db": ["pool": ["used": .stringConvertible(3)], "name": "primary"],
                "tags": ["a", "b"],
                "level": "not-the-level",
                "ratio": .stringConvertible(0.25),
                "ok": .stringConvertible(true),
            ]
        )
        let object = try parse(try #require(sink.lines.first))
        #expect(object["db.pool.used"] as? Int == 3)
        #expect(object["db.name"] as? String == "primary")
        #expect(object["tags"] as? [String] == ["a", "b"])
        #expect(object["level"] as? String == "error")
        #expect(object["metadata.level"] as? String == "not-the-level")
        #expect(object["ratio"] as? Double == 0.25)
        #expect(object["ok"] as? Bool == true)
    }

    @Test func mergesHandlerProviderAndCallMetadataInThatOrder() throws {
        let sink = CapturingSink()
        let provider = Logger.MetadataProvider { ["request_id": "from-provider", "trace_id": "t1"] }
        var logger = Logger(label: "x") { label in
            LineLogHandler(label: label, format: .json, sink: sink, clock: FakeClock(), metadataProvider: provider)
        }
        logger[metadataKey: "service"] = "coursed"
        logger[metadataKey: "trace_id"] = "handler"
        logger.info("m", metadata: ["request_id": "explicit"])
        let object = try parse(try #require(sink.lines.first))
        #expect(object["service"] as? String == "coursed")
        #expect(object["trace_id"] as? String == "t1")
        #expect(object["request_id"] as? String == "explicit")
    }

    @Test func respectsTheLevel() {
        let sink = CapturingSink()
        var logger = makeLogger(sink)
        logger.logLevel = .warning
        logger.info("dropped")
        logger.error("kept")
        #expect(sink.lines.count == 1)
    }

    @Test func loggingSetupMakesJSONAndTextHandlersWithoutBootstrap() throws {
        let sink = CapturingSink()
        let json = Logger(label: "a") { LoggingSetup.makeHandler(label: $0, format: .json, level: .notice, sink: sink) }
        json.info("dropped")
        json.notice("json line")
        let text = Logger(label: "b") { LoggingSetup.makeHandler(label: $0, format: .text, level: .info, sink: sink) }
        text.info("text line")
        #expect(sink.lines.count == 2)
        #expect(try parse(sink.lines[0])["message"] as? String == "json line")
        #expect(sink.lines[1].contains("text line"))
        #expect(!sink.lines[1].hasSuffix("\n"))
    }

    @Test func parsesLevelsAndFormats() {
        #expect(LoggingSetup.parseLevel("DEBUG") == .debug)
        #expect(LoggingSetup.parseLevel(" warn ") == .warning)
        #expect(LoggingSetup.parseLevel("warning") == .warning)
        #expect(LoggingSetup.parseLevel("loud") == nil)
        #expect(LoggingSetup.parseFormat("JSON") == .json)
        #expect(LoggingSetup.parseFormat("xml") == nil)
        #expect(LoggingSetup.defaultFormat(environment: "production") == .json)
        #expect(LoggingSetup.defaultFormat(environment: "development") == .text)
    }
}

@Suite("Line log handler, text format")
struct LineLogHandlerTextTests {
    @Test func writesTimestampLevelLabelSortedMetadataAndMessage() {
        let sink = CapturingSink()
        var logger = Logger(label: "coursed.test") {
            LoggingSetup.makeHandler(label: $0, format: .text, level: .info, sink: sink)
        }
        logger[metadataKey: "zeta"] = "last"
        logger[metadataKey: "alpha"] = "first"
        logger.debug("dropped")
        logger.info("hello", metadata: ["mid": "2"])
        #expect(sink.lines.count == 1)
        let line = sink.lines[0]
        #expect(line.hasSuffix(" info coursed.test: alpha=first mid=2 zeta=last hello"))
        #expect(line.first?.isNumber == true && line.contains("T") && line.contains("Z "))
    }
}
