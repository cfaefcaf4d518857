// The GitFilter layer; see README "Architecture".
