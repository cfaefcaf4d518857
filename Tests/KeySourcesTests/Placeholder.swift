import Testing

@Test func keySourcesBuilds() {}
