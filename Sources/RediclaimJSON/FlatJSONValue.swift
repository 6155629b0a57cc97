/// A value of a flat JSON object as the fast reader sees it: an escape-free string or an integer.
public enum FlatJSONValue: Sendable, Hashable {
    case string(String)
    case integer(Int64)
}
