import GitsopsCLI

// One binary, two command trees: invoked as `kubectl-secrets` it is the kubectl plugin.
await Entry.run(arguments: CommandLine.arguments)
