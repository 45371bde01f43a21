import NIOCore
import Testing

@testable import RealtimeAdapter

@Suite("An outbox asks for one drain per burst and hands out its closing after its frames")
struct SocketOutboxTests {
    @Test func onlyTheFirstFrameOfABurstMakesTheOutboxDue() {
        let outbox = SocketOutbox(limit: 1000)
        #expect(outbox.enqueue(ByteBuffer(string: "a")) == .queued(due: true))
        #expect(outbox.enqueue(ByteBuffer(string: "b")) == .queued(due: false))
        #expect(outbox.take() == .frames([ByteBuffer(string: "a"), ByteBuffer(string: "b")]))
        // Still due until a take finds it empty: a frame queued meanwhile is taken by the same drain.
        #expect(outbox.enqueue(ByteBuffer(string: "c")) == .queued(due: false))
        #expect(outbox.take() == .frames([ByteBuffer(string: "c")]))
        #expect(outbox.take() == nil)
        #expect(outbox.enqueue(ByteBuffer(string: "d")) == .queued(due: true))
        #expect(outbox.pendingBytes == 4)
        outbox.written(bytes: 3)
        #expect(outbox.pendingBytes == 1)
    }

    @Test func theClosingComesAfterWhatWasQueuedAndStopsNewFrames() {
        let outbox = SocketOutbox(limit: 1000)
        _ = outbox.take()
        #expect(outbox.enqueue(ByteBuffer(string: "last")) == .queued(due: true))
        #expect(outbox.close(code: 4200, reason: "bye") == false, "already due: the pending drain sees the closing")
        #expect(outbox.enqueue(ByteBuffer(string: "late")) == .closed)
        #expect(outbox.take() == .frames([ByteBuffer(string: "last")]))
        #expect(outbox.take() == .finished(.close(code: 4200, reason: "bye")))
        #expect(outbox.take() == nil)
        #expect(outbox.closing == .close(code: 4200, reason: "bye"))
    }

    @Test func overflowingDropsTheBacklogAndFinishesAsASlowConsumer() {
        let outbox = SocketOutbox(limit: 10)
        #expect(outbox.enqueue(ByteBuffer(string: "123456")) == .queued(due: true))
        #expect(outbox.enqueue(ByteBuffer(string: "123456")) == .overflowed)
        #expect(outbox.enqueue(ByteBuffer(string: "1")) == .closed)
        #expect(outbox.take() == .finished(.slowConsumer))
        #expect(outbox.take() == nil)
    }
}
