import Testing

@Test func losslessYAMLBuilds() {}
