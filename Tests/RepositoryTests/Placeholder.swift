import Testing

@Test func repositoryBuilds() {}
