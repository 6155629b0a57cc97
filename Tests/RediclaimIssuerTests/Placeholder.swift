// Placeholder until the issuer tests land.
