import Testing

@Test func kubectlPluginBuilds() {}
