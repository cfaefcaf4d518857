import TestSupport
import Testing

extension Trait where Self == ConditionTrait {
    /// Enables a test only where the independent sops implementation is beside the checkout (CI has
    /// it; a user's clone does not), so a lone clone skips it with the reason printed.
    public static var needsSopsRef: Self {
        .enabled(if: SharedFixtures.hasSopsRef, Comment(rawValue: SharedFixtures.sopsRefMissing))
    }
}
