import CourseDomain
import Foundation
import Persistence
import Testing

@Suite("InMemoryRateBudget and BudgetWindow")
struct RateBudgetTests {
    @Test func windowsAreWholeMinutes() {
        let window = BudgetWindow(Date(timeIntervalSince1970: 120 + 15.5))
        #expect(window.minute == 2)
        #expect(window.secondsLeft == 45)
        #expect(BudgetWindow(Date(timeIntervalSince1970: 179.9)).secondsLeft == 1)
        #expect(BudgetWindow(Date(timeIntervalSince1970: 180)).secondsLeft == 60)
    }

    @Test func grantsUpToTheRequestLimitThenSaysWhenToRetry() async {
        let clock = CacheTestClock(Date(timeIntervalSince1970: 600 + 20))
        let budget = InMemoryRateBudget(limits: BudgetLimits(requestsPerMinute: 3, tokensPerMinute: 1000), clock: clock)
        for _ in 0..<3 { #expect(await budget.reserve(requests: 1, tokens: 10) == .granted) }
        #expect(await budget.reserve(requests: 1, tokens: 10) == .exhausted(retryAfterSeconds: 40))
        clock.advance(40)
        #expect(await budget.reserve(requests: 1, tokens: 10) == .granted)
    }

    @Test func tokensAreLimitedAndCorrectedByAdjust() async {
        let clock = CacheTestClock(Date(timeIntervalSince1970: 600))
        let budget = InMemoryRateBudget(
            limits: BudgetLimits(requestsPerMinute: 100, tokensPerMinute: 100), clock: clock)
        #expect(await budget.reserve(requests: 1, tokens: 80) == .granted)
        #expect(await budget.reserve(requests: 1, tokens: 30) == .exhausted(retryAfterSeconds: 60))
        await budget.adjust(tokens: -50)  // the call used 30 tokens, not 80
        #expect(await budget.reserve(requests: 1, tokens: 30) == .granted)
        await budget.adjust(tokens: 100)
        #expect(await budget.reserve(requests: 1, tokens: 1) == .exhausted(retryAfterSeconds: 60))
    }

    @Test func aCallLargerThanTheWholeLimitRunsInAnUnusedWindow() async {
        let clock = CacheTestClock(Date(timeIntervalSince1970: 600))
        let budget = InMemoryRateBudget(
            limits: BudgetLimits(requestsPerMinute: 100, tokensPerMinute: 100), clock: clock)
        // Alone in its window it is granted (charged the whole limit), instead of "retry" forever.
        #expect(await budget.reserve(requests: 1, tokens: 500) == .granted)
        #expect(await budget.reserve(requests: 1, tokens: 1) == .exhausted(retryAfterSeconds: 60))
        clock.advance(60)
        #expect(await budget.reserve(requests: 1, tokens: 1) == .granted)
        // In a window already in use it waits for the next one.
        #expect(await budget.reserve(requests: 1, tokens: 500) == .exhausted(retryAfterSeconds: 60))
    }
}
