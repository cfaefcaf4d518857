import Testing

@Test func sopsBuilds() {}
