// The Sops layer; see README "Architecture".
