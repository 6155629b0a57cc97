import Foundation
import Testing

/// The Dockerfile builds what the manifests run, and its runtime stage installs every shared library
/// the executables load.
@Suite("Image", .timeLimit(.minutes(1)))
struct ImageTests {
    /// Runtime packages that no ldd line asks for, and why the image has them.
    static let runtimeExtras: [String: String] = [
        "ca-certificates": "TLS to managed Kafka/MySQL/Redis on real clusters",
        "tzdata": "time zones for Foundation's calendar code",
    ]

    static func dockerfile() throws -> Dockerfile { Dockerfile(try DeployPaths.read("Dockerfile")) }

    @Test("build and runtime are one Debian release, non-root, static Swift runtime, toolchain at /opt/swift")
    func stages() throws {
        let file = try Self.dockerfile()
        let toolchain = try #require(file.stage(named: "toolchain"), "no stage named toolchain")
        let build = try #require(file.stage(named: "build"), "no stage named build")
        let runtime = try #require(file.runtime)
        // RuntimeLibraries.table names Debian 13 packages, and the sonames must be the build's.
        #expect(build.base == "debian:trixie", "builder \(build.base)")
        #expect(toolchain.base == build.base, "toolchain \(toolchain.base)")
        #expect(runtime.base == "debian:trixie-slim", "runtime \(runtime.base)")
        #expect(file.globalArgs["SWIFT_VERSION"]?.hasPrefix("6.") == true, "SWIFT_VERSION \(file.globalArgs["SWIFT_VERSION"] ?? "unset")")
        #expect(build.stageCopies.contains { $0.from == "toolchain" && $0.source == "/opt/swift" && $0.destination == "/opt/swift" })
        #expect(build.path.hasPrefix("/opt/swift/usr/bin:"), "the build's PATH does not start with the toolchain")
        let buildRuns = build.runs().joined(separator: "\n")
        #expect(buildRuns.contains("swift build -c release --static-swift-stdlib"))
        for product in BuildProducts.shipped {
            #expect(buildRuns.contains(product), "the build stage does not build \(product)")
        }
        let user = try #require(runtime.instructions.last { $0.keyword == "USER" }?.arguments, "no USER")
        let uid = Int(user.split(separator: ":").first ?? "")
        #expect(uid != nil && uid != 0, "USER \(user) must be a numeric non-root uid (runAsNonRoot checks it)")
        #expect(runtime.instructions.contains { $0.keyword == "COPY" && $0.arguments.contains("--from=build") })
    }

    @Test("the builder installs every C library provider Package.swift declares")
    func builderHasHeaders() throws {
        let manifest = try DeployPaths.read("Package.swift")
        let providers = PackageManifest.aptProviders(manifest)
        #expect(!providers.isEmpty, "no .apt([...]) providers found in Package.swift")
        let build = try #require(try Self.dockerfile().stage(named: "build"))
        for package in providers {
            #expect(build.aptPackages.contains(package), "the build stage does not install \(package)")
        }
    }

    @Test("the runtime installs the library of every C module in Package.swift")
    func runtimeHasCLibraries() async throws {
        let pkgConfig = try DeployPaths.systemTool("pkg-config", installHint: "apt-get install pkg-config")
        let names = PackageManifest.pkgConfigNames(try DeployPaths.read("Package.swift"))
        #expect(names.count >= 3, "pkg-config names in Package.swift: \(names)")
        let installed = try #require(try Self.dockerfile().runtime).aptPackages
        for name in names {
            let output = try await Tool.run(pkgConfig, ["--libs-only-l", name])
            #expect(output.status == 0, "pkg-config --libs-only-l \(name): \(output.combined)")
            let libraries = output.stdoutText.split(separator: " ")
                .filter { $0.hasPrefix("-l") }.map { "lib" + $0.dropFirst(2).trimmingCharacters(in: .whitespacesAndNewlines) }
            #expect(!libraries.isEmpty, "pkg-config names no library for \(name)")
            for library in libraries {
                switch RuntimeLibraries.table[library] {
                case .package(let package)?:
                    #expect(installed.contains(package), "\(name): the runtime stage does not install \(package)")
                case let other:
                    Issue.record("\(name): \(library) maps to \(other.map(String.init(describing:)) ?? "nothing")")
                }
            }
        }
    }

    @Test("ldd: every library the built executables need is in the runtime image", arguments: BuildProducts.shipped)
    func runtimeCoversLdd(_ executable: String) async throws {
        let binary = try BuildProducts.path(of: executable)
        let (needs, problems) = try await RuntimeLibraries.imageNeeds(of: binary)
        #expect(problems.isEmpty, "\(executable): \(problems.joined(separator: "\n"))")
        #expect(needs.keys.contains { $0.hasPrefix("libc.so") }, "\(executable): readelf/ldd reported no libc")
        let installed = try #require(try Self.dockerfile().runtime).aptPackages
        for (soname, provision) in needs {
            if case .package(let package) = provision {
                #expect(installed.contains(package), "\(executable) needs \(soname): add \(package) to the runtime stage")
            }
        }
    }

    @Test("the runtime installs nothing the executables do not need")
    func runtimeIsSlim() async throws {
        let installed = try #require(try Self.dockerfile().runtime).aptPackages
        var needed = Set(Self.runtimeExtras.keys)
        // The C clients (once the executables link them) and whatever the built binaries need now.
        for case .package(let package) in ["libhiredis", "librdkafka", "libmariadb"].compactMap({ RuntimeLibraries.table[$0] }) {
            needed.insert(package)
        }
        for executable in BuildProducts.shipped {
            let (needs, _) = try await RuntimeLibraries.imageNeeds(of: try BuildProducts.path(of: executable))
            for case .package(let package) in needs.values { needed.insert(package) }
        }
        let unexplained = installed.filter { !needed.contains($0) }
        #expect(unexplained.isEmpty, "runtime packages no executable needs: \(unexplained)")
    }

    @Test("the library check catches an unmapped library and a missing package (it can fail)")
    func checkCanFail() {
        #expect(RuntimeLibraries.table[RuntimeLibraries.stem("libfoo.so.3")] == nil)
        #expect(RuntimeLibraries.stem("libhiredis.so.0.14") == "libhiredis")
        #expect(RuntimeLibraries.stem("/lib64/ld-linux-x86-64.so.2") == "ld-linux-x86-64")
        let runtime = Dockerfile("FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n  librdkafka1 \\\n  # comment\n  libmariadb3 && rm -rf /x\n").runtime
        #expect(runtime?.aptPackages == ["librdkafka1", "libmariadb3"])
    }
}

/// What Package.swift declares about its C libraries.
enum PackageManifest {
    /// `pkgConfig: "hiredis"` names.
    static func pkgConfigNames(_ manifest: String) -> [String] {
        captures(of: #"pkgConfig:\s*"([^"]+)""#, in: manifest)
    }

    /// Packages in `.apt([...])` providers.
    static func aptProviders(_ manifest: String) -> [String] {
        captures(of: #"\.apt\(\[([^\]]*)\]\)"#, in: manifest).flatMap { list in
            captures(of: #""([^"]+)""#, in: list)
        }
    }

    private static func captures(of pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
