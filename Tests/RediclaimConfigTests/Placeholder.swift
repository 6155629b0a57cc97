// Placeholder until the configuration tests land.
