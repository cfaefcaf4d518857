import Testing

@Test func gitFilterBuilds() {}
