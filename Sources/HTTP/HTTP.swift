// The HTTP layer; see README "Architecture".
