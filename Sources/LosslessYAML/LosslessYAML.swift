// The LosslessYAML layer; see README "Architecture".
