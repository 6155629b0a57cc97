import Foundation
import RediclaimMySQL
import Testing

@Suite("MySQLConfiguration URL parsing (no server)")
struct MySQLConfigurationTests {
    @Test func parsesAllParts() throws {
        let configuration = try MySQLConfiguration(url: "mysql://app:s3cret@db.internal:3307/coupons")
        #expect(configuration.user == "app")
        #expect(configuration.password == "s3cret")
        #expect(configuration.host == "db.internal")
        #expect(configuration.port == 3307)
        #expect(configuration.database == "coupons")
        #expect(configuration.unixSocket == nil)
    }

    @Test func defaultsPortAndDatabase() throws {
        let configuration = try MySQLConfiguration(url: "mysql://app@127.0.0.1")
        #expect(configuration.port == 3306)
        #expect(configuration.database == nil)
        #expect(configuration.password == nil)
    }

    @Test func separatePasswordWinsAndPercentDecoding() throws {
        let configuration = try MySQLConfiguration(url: "mysql://us%40er:p%2Fw@h:1/d%20b", password: "explicit")
        #expect(configuration.user == "us@er")
        #expect(configuration.password == "explicit")
        #expect(configuration.database == "d b")
        let fromURL = try MySQLConfiguration(url: "mysql://u:p%40ss%3Aword@h/db")
        #expect(fromURL.password == "p@ss:word")
    }

    @Test func socketAndPoolSizeOptions() throws {
        let configuration = try MySQLConfiguration(url: "mysql://u@localhost/db?socket=/run/mysqld/mysqld.sock&poolSize=9")
        #expect(configuration.unixSocket == "/run/mysqld/mysqld.sock")
        #expect(configuration.poolSize == 9)
    }

    @Test(arguments: [
        "postgres://u@h/db", "mysql://h/db", "mysql://u@h/db/extra", "mysql://u@h/db?bogus=1",
        "mysql://u@h/db?poolSize=0", "not a url at all", "mysql://u@h:99999/db",
    ])
    func rejectsBadURLs(_ url: String) {
        #expect {
            _ = try MySQLConfiguration(url: url)
        } throws: { error in
            (error as? MySQLError)?.code == .invalidConfiguration
        }
    }

    @Test func passwordNeverInDescriptions() throws {
        let configuration = try MySQLConfiguration(url: "mysql://app:TopSecretPw@h:3306/db")
        #expect(!configuration.description.contains("TopSecretPw"))
        #expect(!String(reflecting: configuration).contains("TopSecretPw"))
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains("TopSecretPw"))
        #expect(configuration.description.contains("app"))
        #expect(configuration.description.contains("h:3306"))
    }
}
