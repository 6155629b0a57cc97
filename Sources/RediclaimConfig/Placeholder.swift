// Placeholder until the configuration model lands.
