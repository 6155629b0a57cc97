// Placeholder until the issuer lands.
