/// How demanding a course is.
public enum Difficulty: String, Sendable, Codable, CaseIterable, Hashable {
    case beginner
    case intermediate
    case advanced
}
