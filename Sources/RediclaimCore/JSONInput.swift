import Foundation
import RediclaimJSON

/// Decodes any JSON input (message, request body, event file) into a `RediclaimError` on failure;
/// a key repeated in one object is an error too.
public enum JSONInput {
    public static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws(RediclaimError)
        -> Value
    {
        // JSONDecoder keeps one of two values for a repeated key; the contract calls that invalid.
        if let duplicate = JSONDuplicateKeys.first(in: data) {
            throw RediclaimError(
                .duplicateKey, field: duplicate, message: "key \(RediclaimError.quote(duplicate)) appears more than once")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as RediclaimError {
            throw error
        } catch let error as DecodingError {
            throw RediclaimError(decodingError: error)
        } catch {
            throw RediclaimError(.malformedJSON, field: nil, message: "input is not valid JSON", detail: "\(error)")
        }
    }
}
