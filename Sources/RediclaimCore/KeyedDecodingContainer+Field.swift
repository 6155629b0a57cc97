extension KeyedDecodingContainer {
    /// Like `decode`, but names the field when Foundation's JSONDecoder rejects a number that does not
    /// fit the type (`1.5` or `1e30` for an integer): it reports those as "not valid JSON" with no path.
    func field<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        do {
            return try decode(type, forKey: key)
        } catch let error as DecodingError {
            throw error
        } catch let error as RediclaimError {
            throw error
        } catch {
            throw unrepresentable(type, key, error)
        }
    }

    /// `decodeIfPresent` with the same field naming as `field(_:_:)`.
    func optionalField<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        do {
            return try decodeIfPresent(type, forKey: key)
        } catch let error as DecodingError {
            throw error
        } catch let error as RediclaimError {
            throw error
        } catch {
            throw unrepresentable(type, key, error)
        }
    }

    private func unrepresentable<T>(_ type: T.Type, _ key: Key, _ error: any Error) -> RediclaimError {
        let name = RediclaimError.path(codingPath + [key]) ?? key.stringValue
        return RediclaimError(
            .invalidValue, field: name,
            message: "\(name) must be \(RediclaimError.describe(type)) in range, without a fraction",
            detail: String(describing: error))
    }
}
