// The Repository layer; see README "Architecture".
