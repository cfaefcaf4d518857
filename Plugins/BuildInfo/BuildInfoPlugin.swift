import Foundation
import PackagePlugin

/// Generates `BuildInfo.swift` (the version from VERSION and the commit of the checkout) before
/// every build, so `gitsops --version` names the commit the binary was built from. A prebuild
/// command runs on every build, also when nothing else changed (a new commit changes no source).
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appending(path: "generated")
        return [.prebuildCommand(displayName: "Writing BuildInfo.swift (version and commit)",
                                 executable: URL(fileURLWithPath: "/bin/sh"),
                                 arguments: [root.appending(path: "Plugins/BuildInfo/build-info.sh").path, root.path, output.path],
                                 outputFilesDirectory: output)]
    }
}
