/// The version of this build.
public enum CoursedVersion {
    /// The version string `serve`, health and `/metrics` report.
    public static let current = "0.1.0"
}
