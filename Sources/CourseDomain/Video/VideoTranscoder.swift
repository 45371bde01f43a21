public import Foundation

/// The media tool (ffmpeg/ffprobe in `MediaAdapter`): probes a source and writes its HLS ladder.
///
/// Cancelling the calling task stops the work at once (the tool's processes are killed).
public protocol VideoTranscoder: Sendable {
    /// Reads the source's length, frame size and codecs.
    /// - Throws: `VideoFailure(.unreadableInput, ...)` when the input is not a readable video.
    func probe(_ input: URL) async throws -> VideoProbe

    /// Writes `master.m3u8`, one `<name>/index.m3u8` with 6 s segments per rendition, and `poster.jpg` into
    /// `directory`, calling `progress` with the fraction done (0...1) as it goes.
    /// - Throws: `VideoFailure(.transcodeFailed, ...)` with the tool's last error lines.
    func transcode(
        _ input: URL, probe: VideoProbe, renditions: [VideoRendition], into directory: URL,
        progress: @escaping @Sendable (Double) -> Void
    ) async throws
}
