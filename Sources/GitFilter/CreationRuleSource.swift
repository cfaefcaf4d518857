public import Sops

/// Finds the `.sops.yaml` creation rule for a path (relative to the top of the working tree).
/// Throws a clear error naming the path when no rule matches or the configuration is broken.
public protocol CreationRuleSource: Sendable {
    func rule(for path: String) throws -> CreationRule
    /// `.sops.yaml`'s `stores` settings (output indentation).
    var storeSettings: StoreSettings { get }
}

extension CreationRuleSource {
    public var storeSettings: StoreSettings { StoreSettings() }
}
