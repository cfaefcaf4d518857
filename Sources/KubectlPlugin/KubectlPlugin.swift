// The KubectlPlugin layer; see README "Architecture".
