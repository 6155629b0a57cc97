import Foundation

/// How the runtime image provides one shared library the executables need.
enum LibraryProvision: Equatable, CustomStringConvertible {
    /// A Debian 13 package the Dockerfile's runtime stage must install.
    case package(String)
    /// A package every Debian base image has (Priority: required), named for the record.
    case essential(String)
    /// The Swift runtime or Foundation: `--static-swift-stdlib` links it into the binary, so its own
    /// needs become the binary's.
    case swiftRuntime

    var description: String {
        switch self {
        case .package(let name): "package \(name)"
        case .essential(let name): "\(name) (in every Debian base image)"
        case .swiftRuntime: "Swift runtime, linked statically"
        }
    }
}

/// Shared-library needs of built executables (`readelf -d`, `ldd`), mapped to Debian 13 packages.
enum RuntimeLibraries {
    /// By soname stem (`libhiredis` for bookworm's libhiredis.so.0.14 and trixie's libhiredis.so.1.1.0):
    /// this machine builds against bookworm's sonames, the image against trixie's.
    static let table: [String: LibraryProvision] = [
        // The C clients.
        "libhiredis": .package("libhiredis1.1.0"),
        "librdkafka": .package("librdkafka1"),
        "libmariadb": .package("libmariadb3"),
        // What the static Swift runtime links dynamically.
        "libstdc++": .package("libstdc++6"),
        "libcurl": .package("libcurl4t64"),  // FoundationNetworking
        "libxml2": .package("libxml2"),  // FoundationXML
        "libz": .package("zlib1g"),
        "libgcc_s": .essential("libgcc-s1"),
        "libc": .essential("libc6"),
        "libm": .essential("libc6"),
        "libdl": .essential("libc6"),
        "libpthread": .essential("libc6"),
        "librt": .essential("libc6"),
        "libutil": .essential("libc6"),
        "libresolv": .essential("libc6"),
        "ld-linux-x86-64": .essential("libc6"),
        "ld-linux-aarch64": .essential("libc6"),
        // The Swift toolchain's libraries (usr/lib/swift/linux).
        "libswiftCore": .swiftRuntime,
        "libswiftSwiftOnoneSupport": .swiftRuntime,
        "libswift_Concurrency": .swiftRuntime,
        "libswift_StringProcessing": .swiftRuntime,
        "libswift_RegexParser": .swiftRuntime,
        "libswift_Builtin_float": .swiftRuntime,
        "libswift_Volatile": .swiftRuntime,
        "libswift_Differentiation": .swiftRuntime,
        "libswiftSynchronization": .swiftRuntime,
        "libswiftGlibc": .swiftRuntime,
        "libswiftDispatch": .swiftRuntime,
        "libswiftObservation": .swiftRuntime,
        "libswiftDistributed": .swiftRuntime,
        "libswiftRegexBuilder": .swiftRuntime,
        "libBlocksRuntime": .swiftRuntime,
        "libdispatch": .swiftRuntime,
        "libFoundation": .swiftRuntime,
        "libFoundationEssentials": .swiftRuntime,
        "libFoundationInternationalization": .swiftRuntime,
        "libFoundationNetworking": .swiftRuntime,
        "libFoundationXML": .swiftRuntime,
        "lib_FoundationICU": .swiftRuntime,
    ]

    /// `libhiredis.so.0.14` -> `libhiredis`.
    static func stem(_ soname: String) -> String {
        let name = soname.split(separator: "/").last.map(String.init) ?? soname
        if let range = name.range(of: ".so") { return String(name[..<range.lowerBound]) }
        return name
    }

    /// The DT_NEEDED entries of an ELF file.
    static func needed(_ path: String) async throws -> [String] {
        let readelf = try DeployPaths.systemTool("readelf", installHint: "apt-get install binutils")
        let output = try await Tool.run(readelf, ["-d", path])
        guard output.status == 0 else { throw DeployCheckError("readelf -d \(path) failed: \(output.combined)") }
        return output.stdoutText.split(separator: "\n").compactMap { line in
            guard line.contains("(NEEDED)"), let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]")
            else { return nil }
            return String(line[line.index(after: open)..<close])
        }
    }

    /// `ldd`'s answer: soname -> resolved path, nil where the loader found nothing.
    static func ldd(_ path: String) async throws -> [String: String?] {
        let ldd = try DeployPaths.systemTool("ldd", installHint: "apt-get install libc-bin")
        let output = try await Tool.run(ldd, [path])
        guard output.status == 0 else { throw DeployCheckError("ldd \(path) failed: \(output.combined)") }
        var out: [String: String?] = [:]
        for line in output.stdoutText.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let first = words.first else { continue }
            if words.count >= 3, words[1] == "=>" {
                out[first] = words[2] == "not" ? String?.none : words[2]
            } else if first.hasPrefix("/") {
                // The dynamic loader itself: NEEDED names it by file name.
                out[URL(fileURLWithPath: first).lastPathComponent] = first
            }
        }
        return out
    }

    static func isInSwiftToolchain(_ path: String) -> Bool { path.contains("/lib/swift/linux/") }

    /// What the image must provide for one executable built with --static-swift-stdlib: its own needs
    /// plus, through every Swift runtime library it links, those libraries' needs outside the toolchain.
    static func imageNeeds(of binary: String) async throws -> (needs: [String: LibraryProvision], problems: [String]) {
        let resolved = try await ldd(binary)
        var problems = resolved.filter { $0.value == nil }.map { "ldd: \($0.key) not found" }
        var needs: [String: LibraryProvision] = [:]
        var queue = try await needed(binary)
        var seen = Set<String>()
        while let soname = queue.popLast() {
            guard seen.insert(soname).inserted else { continue }
            guard let provision = table[stem(soname)] else {
                problems.append("\(soname) has no entry in RuntimeLibraries.table: map it to its Debian 13 package")
                continue
            }
            let path = resolved[soname] ?? nil
            if provision == .swiftRuntime {
                guard let path, isInSwiftToolchain(path) else {
                    problems.append("\(soname) is mapped as Swift runtime but resolves to \(path ?? "nothing")")
                    continue
                }
                queue += try await needed(path)
            } else {
                if let path, isInSwiftToolchain(path) {
                    problems.append("\(soname) resolves into the Swift toolchain (\(path)) but is mapped to \(provision)")
                }
                needs[soname] = provision
            }
        }
        return (needs, problems)
    }
}
