import Testing

@Test func hTTPBuilds() {}
