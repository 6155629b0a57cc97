// Placeholder until the ctl tests land.
