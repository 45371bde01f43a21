public import CourseDomain
public import Foundation
import Synchronization

/// `VideoTranscoder` over Debian's `ffprobe` and `ffmpeg` (SPEC §15): the probe, the HLS ladder in one ffmpeg run,
/// and a poster. Each tool runs in its own process group, killed when the calling task is cancelled; its standard
/// error's tail becomes the failure's message.
public struct FFmpegVideoTranscoder: VideoTranscoder {
    /// The ffmpeg executable (a path, or a name looked up on PATH).
    public let ffmpeg: String
    /// The ffprobe executable.
    public let ffprobe: String
    /// x264's preset: speed against size.
    public let preset: String

    public init(ffmpeg: String = "ffmpeg", ffprobe: String = "ffprobe", preset: String = "veryfast") {
        self.ffmpeg = ffmpeg
        self.ffprobe = ffprobe
        self.preset = preset
    }

    public func probe(_ input: URL) async throws -> VideoProbe {
        let output = Mutex<[UInt8]>([])
        let process: MediaProcess
        do {
            process = try MediaProcess(executable: ffprobe, arguments: FFmpegArguments.probe(Self.path(of: input))) {
                line in
                output.withLock { bytes in
                    if bytes.count < 4 << 20 { bytes += Array(line.utf8) + [UInt8(ascii: "\n")] }
                }
            }
        } catch {
            throw VideoFailure(.internal, "\(error)")
        }
        let (status, errorOutput) = await process.finish()
        try Task.checkCancellation()
        guard status == 0 else {
            throw VideoFailure(
                .unreadableInput,
                "ffprobe cannot read the file: \(Self.lastLine(of: Self.hidingPath(of: input, in: errorOutput), or: status))"
            )
        }
        return try FFprobeReport.probe(fromJSON: Data(output.withLock { $0 }))
    }

    public func transcode(
        _ input: URL, probe: VideoProbe, renditions: [VideoRendition], into directory: URL,
        progress: @escaping @Sendable (Double) -> Void
    ) async throws {
        for rendition in renditions {
            try FileManager.default.createDirectory(
                at: directory.appendingPathComponent(rendition.name), withIntermediateDirectories: true)
        }
        let parser = FFmpegProgressParser(durationSeconds: probe.durationSeconds)
        let arguments = FFmpegArguments.hls(
            input: Self.path(of: input), renditions: renditions, hasAudio: probe.hasAudio, directory: directory.path,
            preset: preset)
        try await run(arguments) { line in
            if let fraction = parser.fraction(of: line) { progress(fraction) }
        }
        guard let top = renditions.first else { return }
        let poster = directory.appendingPathComponent("poster.jpg").path
        let at = FFmpegArguments.posterTime(duration: probe.durationSeconds)
        do {
            try await run(
                FFmpegArguments.poster(
                    input: Self.path(of: input), seconds: at, width: top.width, height: top.height, output: poster))
        } catch is CancellationError {
            throw CancellationError()
        } catch  where at > 0 {
            // A frame a second in may not exist (e.g. a stream with a wrong duration): take the first one.
            try await run(
                FFmpegArguments.poster(
                    input: Self.path(of: input), seconds: 0, width: top.width, height: top.height, output: poster))
        }
    }

    /// Runs ffmpeg to its end; a non-zero exit is `transcodeFailed` with the last error line.
    private func run(_ arguments: [String], onLine: @escaping @Sendable (Substring) -> Void = { _ in }) async throws {
        try Task.checkCancellation()
        let process: MediaProcess
        do {
            process = try MediaProcess(executable: ffmpeg, arguments: arguments, onOutputLine: onLine)
        } catch {
            throw VideoFailure(.internal, "\(error)")
        }
        let (status, errorOutput) = await process.finish()
        try Task.checkCancellation()
        guard status == 0 else {
            let input = arguments.firstIndex(of: "-i").map { arguments[$0 + 1] } ?? ""
            let text = input.isEmpty ? errorOutput : errorOutput.replacingOccurrences(of: input, with: "input")
            throw VideoFailure(.transcodeFailed, "ffmpeg failed: \(Self.lastLine(of: text, or: status))")
        }
    }

    /// The tool's messages without the input's path or URL (a presigned URL carries a signature).
    static func hidingPath(of input: URL, in text: String) -> String {
        text.replacingOccurrences(of: path(of: input), with: "input")
    }

    /// A local file's path, or a remote input's URL as ffmpeg reads it.
    static func path(of input: URL) -> String { input.isFileURL ? input.path : input.absoluteString }

    /// The tool's last non-empty error line (at most 300 characters), or the exit status.
    static func lastLine(of errorOutput: String, or status: Int32) -> String {
        let line = errorOutput.split(whereSeparator: \.isNewline).last { !$0.allSatisfy(\.isWhitespace) }
        guard let line else { return status > 128 ? "killed by signal \(status - 128)" : "exit status \(status)" }
        return String(line.prefix(300))
    }
}
