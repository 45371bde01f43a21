import CourseDomain

extension AppConfiguration {
    /// The AI budget limits.
    var budgetLimits: BudgetLimits {
        BudgetLimits(requestsPerMinute: ai.requestsPerMinute, tokensPerMinute: ai.tokensPerMinute)
    }
}
