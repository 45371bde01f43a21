import CourseDomain
import Persistence
import Testing
import VideoQueueContract

@Suite("The in-memory video queue passes the queue contract")
struct VideoJobMemoryQueueContractTests {
    @Test(arguments: VideoQueueContract.checkNames)
    func contract(_ name: String) async throws {
        try await VideoQueueContract.run(name) { clock in VideoJobMemoryQueue(clock: clock) }
    }
}
