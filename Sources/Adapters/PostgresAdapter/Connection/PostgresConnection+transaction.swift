import CLibPQ

extension PostgresConnection {
    /// Runs `body` between `BEGIN` and `COMMIT`; an error rolls back and is rethrown. Blocks.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try transaction(markingLossOnBegin: false, body)
    }

    /// `transaction`, where a connection found dead by `BEGIN` (nothing ran yet) is thrown as
    /// `RetryableConnectionLoss`, so that the pool retries the whole transaction on a re-opened connection.
    func transaction<T>(markingLossOnBegin: Bool, _ body: () throws -> T) throws -> T {
        do {
            try execute("BEGIN")
        } catch let error as PostgresError where error.code == .connectionLost && markingLossOnBegin {
            throw RetryableConnectionLoss(underlying: error)
        }
        let value: T
        do {
            value = try body()
        } catch {
            if PQstatus(handle) == CONNECTION_OK { try? execute("ROLLBACK") }
            throw error
        }
        try execute("COMMIT")
        return value
    }

    /// Leaves the connection fit for the next caller: rolls back a transaction left open; false when it is dead.
    func cleanedForReuse() -> Bool {
        guard !isClosed, PQstatus(handle) == CONNECTION_OK else {
            close()
            return false
        }
        if PQtransactionStatus(handle) != PQTRANS_IDLE {
            guard (try? execute("ROLLBACK")) != nil, PQtransactionStatus(handle) == PQTRANS_IDLE else {
                close()
                return false
            }
        }
        return true
    }
}
