import CourseDomain
import Foundation
import Logging
import ServiceLifecycle

/// `concurrency` video workers as one swift-service-lifecycle `Service` (inside `serve`, or `coursed worker`).
///
/// On graceful shutdown (SIGTERM) the workers stop claiming; a job in hand may finish within `drainTimeout`, else it
/// is cancelled (its ffmpeg killed) and its lease released, so another worker takes it at once.
struct VideoWorkerService: Service {
    let queue: any VideoJobQueue
    let processor: VideoJobProcessor
    let concurrency: Int
    let leaseDuration: Duration
    let pollInterval: Duration
    let drainTimeout: Duration
    let ownerPrefix: String
    let logger: Logger

    func run() async throws {
        let stop = VideoWorkerStop()
        logger.info("video workers started", metadata: ["workers": "\(concurrency)", "owner": "\(ownerPrefix)"])
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for index in 1...max(1, concurrency) {
                    let worker = VideoWorker(
                        queue: queue, processor: processor, owner: "\(ownerPrefix):\(index)",
                        leaseDuration: leaseDuration, pollInterval: pollInterval)
                    group.addTask {
                        await worker.run(
                            stop: stop, drainTimeout: drainTimeout,
                            onOutcome: { job, outcome in log(job, outcome, owner: worker.owner) },
                            onClaimError: { error in
                                logger.warning(
                                    "video queue unreachable: \(error)", metadata: ["owner": "\(worker.owner)"])
                            })
                    }
                }
            }
        } onGracefulShutdown: {
            logger.info("video workers stop claiming; the jobs in hand finish or are released")
            stop.request()
        }
        logger.info("video workers stopped")
    }

    private func log(_ job: VideoJob, _ outcome: VideoJobOutcome, owner: String) {
        var metadata: Logger.Metadata = [
            "job_id": "\(job.id.uuidString.lowercased())", "asset_id": "\(job.assetID.uuidString.lowercased())",
            "attempt": "\(job.attempts)", "outcome": "\(outcome.label)", "owner": "\(owner)",
        ]
        if case .failed(let failure, _) = outcome {
            metadata["reason"] = "\(failure.reason.rawValue)"
            logger.warning("video job failed: \(failure.message)", metadata: metadata)
        } else {
            logger.info("video job \(outcome.label)", metadata: metadata)
        }
    }

    /// `host:pid`, the start of every worker's lease owner name.
    static func ownerPrefix() -> String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }
}
