import Foundation
import RediclaimConfig
import Testing

/// What every pod gets regardless of its job: no API token it does not use, images pinned by tag, no
/// committed secret that could pass for a real one.
@Suite("Pods: service-account tokens, image tags, example secrets", .timeLimit(.minutes(1)))
struct PodHardeningTests {
    static let everyKustomization = ManifestValidationTests.kustomizations + [MonitoringManifestTests.overlay]
    /// Pods that talk to the API server, and why.
    static let apiClients = ["prometheus": "pod discovery"]

    @Test("no service-account token is mounted where nothing talks to the API server", arguments: everyKustomization)
    func serviceAccountTokens(_ directory: String) async throws {
        let manifests = try await RenderedManifests.render(directory)
        for workload in manifests.workloads {
            let automount = workload.podSpec["automountServiceAccountToken"]
            if Self.apiClients[workload.name] != nil {
                #expect(automount != .bool(false), "\(workload.id) needs its token for \(Self.apiClients[workload.name]!)")
                let account = try #require(workload.podSpec["serviceAccountName"].string, "\(workload.id) runs as the default account")
                let bound = manifests.objects(kind: "RoleBinding").contains { binding in
                    binding["subjects"].array.contains { $0["kind"].string == "ServiceAccount" && $0["name"].string == account }
                }
                #expect(bound, "\(workload.id): service account \(account) has no RoleBinding")
            } else {
                #expect(automount == .bool(false), "\(workload.id) mounts a service-account token it never uses")
            }
        }
    }

    /// The tag of an image reference, nil when it has none (`registry:5000/x` has none; a digest counts as one).
    static func tag(of image: String) -> String? {
        if image.contains("@sha256:") { return "digest" }
        let last = image.split(separator: "/").last.map(String.init) ?? image
        guard let colon = last.lastIndex(of: ":") else { return nil }
        return String(last[last.index(after: colon)...])
    }

    @Test("every image is pinned by a tag, never latest", arguments: everyKustomization)
    func imagesArePinned(_ directory: String) async throws {
        let manifests = try await RenderedManifests.render(directory)
        for workload in manifests.workloads {
            for container in workload.allContainers {
                let tag = Self.tag(of: container.image)
                #expect(tag != nil && tag != "latest" && tag?.isEmpty == false, "\(workload.id) \(container.name) runs \(container.image)")
            }
        }
    }

    @Test("an untagged or latest image is caught (the check can fail)")
    func untaggedIsCaught() {
        #expect(Self.tag(of: "rediclaim") == nil)
        #expect(Self.tag(of: "registry.example.com:5000/rediclaim") == nil)
        #expect(Self.tag(of: "rediclaim:latest") == "latest")
        #expect(Self.tag(of: "registry.example.com:5000/rediclaim:0.1.0") == "0.1.0")
    }

    @Test("the base deploys the version the executables report; overlays choose their own")
    func baseTagIsTheVersion() async throws {
        let manifests = try await RenderedManifests.render("k8s/base")
        let gate = try manifests.workload("Deployment", "rediclaim-gate").container("gate")
        #expect(gate.image == "rediclaim:\(RediclaimVersion.current)")
    }

    @Test("the base commits no Secret; the overlays' example Secrets are all marked local-only",
          arguments: everyKustomization)
    func exampleSecrets(_ directory: String) async throws {
        let manifests = try await RenderedManifests.render(directory)
        let secrets = manifests.objects(kind: "Secret")
        if directory == "k8s/base" {
            #expect(secrets.isEmpty, "k8s/base renders Secrets: each cluster brings its own")
            return
        }
        #expect(!secrets.isEmpty)
        for secret in secrets {
            for (key, value) in try ObjectData.secret(secret) {
                let text = String(decoding: value, as: UTF8.self)
                #expect(text.hasPrefix("local-only-"), "\(secret["metadata"]["name"].string ?? "?") \(key) does not say it is a local-only example")
            }
        }
    }
}
