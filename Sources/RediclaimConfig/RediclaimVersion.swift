/// The product version every executable reports with `--version`.
public enum RediclaimVersion {
    public static let current = "0.1.0"
}
