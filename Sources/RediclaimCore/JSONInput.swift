import Foundation

/// Decodes any JSON input (message, request body, event file) into a `RediclaimError` on failure.
public enum JSONInput {
    public static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws(RediclaimError)
        -> Value
    {
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
